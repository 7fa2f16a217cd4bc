import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlannedProcess } from '@srt/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobStatus } from './job-status.ts';
import { createStatusLedger } from './run-ledger.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'srt-ledger-'));
  dirs.push(dir);
  let t = Date.UTC(2026, 11, 1, 10, 0, 0);
  const ledger = createStatusLedger({ jobId: '42', jobName: 'demo', executor: 'slurm', outputDir: dir, logDir: join(dir, 'logs'), now: () => (t += 1000) });
  const read = (): JobStatus => JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')) as JobStatus;
  return { dir, ledger, read };
}

const worker = { name: 'decode_1_gpu-03', role: 'worker', mode: 'decode', index: 1, node: 'gpu-03', logFile: '/logs/gpu-03_decode_w1.out', critical: true } as unknown as PlannedProcess;

describe('createStatusLedger', () => {
  it('writes status.json at creation and at every transition, and the file is always whole JSON', () => {
    const { ledger, read } = setup();
    expect(read()).toMatchObject({ version: 1, job_id: '42', job_name: 'demo', phase: 'starting', processes: [], results: [] });
    ledger.phase('workers');
    ledger.processStarted(worker, 1234);
    expect(read().processes).toStrictEqual([
      expect.objectContaining({ name: 'decode_1_gpu-03', role: 'worker', mode: 'decode', index: 1, node: 'gpu-03', log: '/logs/gpu-03_decode_w1.out', state: 'starting', pid: 1234 }),
    ]);
    ledger.phase('health');
    ledger.health({ prefill_ready: 0, prefill_expected: 0, decode_ready: 1, decode_expected: 2, probe: 'HTTP 200' });
    ledger.processReady('decode_1_gpu-03');
    ledger.processExited('decode_1_gpu-03', { code: 3, signal: null }, false);
    const s = read();
    expect(s.phase).toBe('health');
    expect(s.phases.map((p) => p.phase)).toStrictEqual(['starting', 'workers', 'health']);
    expect(s.health).toHaveLength(1);
    expect(s.processes[0]).toMatchObject({ state: 'exited', exit_code: 3, signal: null });
    expect(s.processes[0]!.ready_at).toBeDefined();
  });

  it('records a process stopped by cleanup as stopped, and the outcome with results and the end phase', () => {
    const { dir, ledger, read } = setup();
    ledger.processStarted(worker, 1);
    ledger.processExited(worker.name, { code: null, signal: 'SIGTERM' }, true);
    const results = join(dir, 'logs', 'sa-bench_isl_8_osl_8');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'isl_8_osl_8_concurrency_4_req_rate_inf.json'), JSON.stringify({ max_concurrency: 4, completed: 20, failed: 0, total_output_tokens: 160, output_throughput: 321.5, request_throughput: 2.5 }));
    writeFileSync(join(results, 'benchmark-rollup.json'), JSON.stringify({ valid: true, reason: '' }));
    ledger.endpoint('http://10.0.0.1:8000');
    ledger.finish({ result: 'succeeded', exit_code: 0, summary: 'Benchmark completed successfully' });
    const s = read();
    expect(s.processes[0]!.state).toBe('stopped');
    expect(s).toMatchObject({ phase: 'ended', endpoint: 'http://10.0.0.1:8000', benchmark: { valid: true }, outcome: { result: 'succeeded', exit_code: 0 } });
    expect(s.results).toStrictEqual([expect.objectContaining({ concurrency: 4, total_output_tokens: 160, output_throughput: 321.5 })]);
    expect(s.ended_at).toBeDefined();
  });

  it("takes srtctl cancel's record over the signal it received", () => {
    const { dir, ledger, read } = setup();
    writeFileSync(join(dir, 'cancel.json'), JSON.stringify({ at: '2026-12-01T10:00:00.000Z', by: 'user', detail: 'srtctl cancel by ann' }));
    ledger.cancelled('SIGTERM');
    expect(read().cancel).toStrictEqual({ at: '2026-12-01T10:00:00.000Z', by: 'user', detail: 'srtctl cancel by ann' });
  });

  it('records a signal of unknown origin as such', () => {
    const { ledger, read } = setup();
    ledger.cancelled('SIGTERM');
    expect(read().cancel).toMatchObject({ by: 'signal', detail: 'SIGTERM' });
  });

  it('reports a ledger it cannot write once and never throws', () => {
    const errors: string[] = [];
    const { dir } = setup();
    writeFileSync(join(dir, 'file'), '');
    const ledger = createStatusLedger({ jobId: '1', jobName: 'x', executor: 'local', outputDir: join(dir, 'file', 'x'), logDir: join(dir, 'x'), now: Date.now, onError: (m) => errors.push(m) });
    ledger.phase('workers');
    ledger.phase('health');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cannot write .*\/file\/x\/status\.json/);
  });
});
