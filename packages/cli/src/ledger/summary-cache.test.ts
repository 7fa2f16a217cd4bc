import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listJobs } from './find-jobs.ts';
import type { JobStatus } from './job-status.ts';
import { SUMMARY_CACHE_FILE } from './summary-cache.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function ledger(id: string, over: Partial<JobStatus> = {}): JobStatus {
  return {
    version: 1, job_id: id, job_name: `job-${id}`, executor: 'slurm', output_dir: `/o/${id}`, log_dir: `/o/${id}/logs`, orchestrator_log: `/o/${id}/logs/o.log`,
    phase: 'ended', phases: [], started_at: '2026-12-01T10:00:00.000Z', updated_at: '2026-12-01T10:01:00.000Z', processes: [],
    health: [{ at: '2026-12-01T10:00:30.000Z', prefill_ready: 1, prefill_expected: 1, decode_ready: 2, decode_expected: 2 }],
    results: [{ concurrency: 8, completed: 40, failed: 0, total_output_tokens: 40960, output_throughput: 780.5, request_throughput: 0.7, file: '/o/r.json' }],
    outcome: { result: 'succeeded', exit_code: 0, summary: 'ok', at: '2026-12-01T10:01:00.000Z' },
    ...over,
  } as JobStatus;
}

function outputs(ledgers: Record<string, JobStatus>): string {
  const root = mkdtempSync(join(tmpdir(), 'srt-summary-cache-'));
  dirs.push(root);
  for (const [id, l] of Object.entries(ledgers)) {
    mkdirSync(join(root, id), { recursive: true });
    writeFileSync(join(root, id, 'status.json'), JSON.stringify(l, null, 2));
  }
  return root;
}

describe('listJobs with summariesOnly (the status table)', () => {
  it('caches ended ledgers, answers from the cache while status.json is unchanged, and never caches a running job', () => {
    const root = outputs({ '100': ledger('100'), '101': ledger('101', { phase: 'benchmark', outcome: undefined }) });
    const first = listJobs([root], { summariesOnly: true });
    expect(first.map((j) => [j.id, j.summary?.result, j.summary?.last_output_throughput, j.status !== undefined])).toStrictEqual([
      ['101', null, 780.5, true],
      ['100', 'succeeded', 780.5, true],
    ]);
    const cache = JSON.parse(readFileSync(join(root, SUMMARY_CACHE_FILE), 'utf8')) as { jobs: Record<string, unknown> };
    expect(Object.keys(cache.jobs)).toStrictEqual(['100']);

    const second = listJobs([root], { summariesOnly: true });
    expect(second.map((j) => [j.id, j.status !== undefined])).toStrictEqual([['101', true], ['100', false]]);
    expect(second[1]!.summary).toStrictEqual(first[1]!.summary);
  });

  it('reads a ledger again when it changed (a requeued job rewrote it), and drops entries of removed folders', () => {
    const root = outputs({ '100': ledger('100'), '102': ledger('102') });
    listJobs([root], { summariesOnly: true });
    writeFileSync(join(root, '100', 'status.json'), JSON.stringify(ledger('100', { outcome: { result: 'failed', exit_code: 1, summary: 'x', at: 'now' } as JobStatus['outcome'] })));
    rmSync(join(root, '102'), { recursive: true });
    const again = listJobs([root], { summariesOnly: true });
    expect(again.map((j) => [j.id, j.summary?.result])).toStrictEqual([['100', 'failed']]);
    const cache = JSON.parse(readFileSync(join(root, SUMMARY_CACHE_FILE), 'utf8')) as { jobs: Record<string, { summary: { result: string } }> };
    expect(Object.keys(cache.jobs)).toStrictEqual(['100']);
    expect(cache.jobs['100']!.summary.result).toBe('failed');
  });

  it('ignores a corrupt cache and never takes it for a job; full listings keep every ledger', () => {
    const root = outputs({ '100': ledger('100') });
    writeFileSync(join(root, SUMMARY_CACHE_FILE), '{not json');
    expect(listJobs([root], { summariesOnly: true }).map((j) => j.id)).toStrictEqual(['100']);
    expect(listJobs([root]).every((j) => j.status !== undefined)).toBe(true);
  });
});
