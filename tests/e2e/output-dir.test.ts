import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { RECIPES } from './support/paths.ts';
import { eventually, processesUnder } from './support/processes.ts';
import { makeRunDir } from './support/run-dirs.ts';
import { scancel } from './support/slurm.ts';
import { CONTAINERLESS_SRTSLURM_YAML, srtctl } from './support/srtctl-in-process.ts';

// `-o/--output DIR`: the job folder lands in DIR/<job_id>, not in <cwd>/outputs, on this machine
// and on SLURM (where the batch script and the orchestrator get the absolute DIR), and the
// ledger commands find it there with -o DIR.

const slurm = inject('slurm');
const submitted: string[] = [];
afterEach(() => {
  for (const id of submitted.splice(0)) scancel(id);
});

interface StatusRow {
  readonly job_id: string;
  readonly output_dir: string;
  readonly outcome: string;
}

describe('apply --local -o DIR', () => {
  it('writes the whole run (metadata with tags, logs, results, ledger) under DIR/<job_id> and status -o DIR lists it', async () => {
    const dir = await makeRunDir('srt-e2e-outdir-local-');
    const base = join(await makeRunDir('srt-e2e-outdir-base-'), 'runs');
    const run = await srtctl(dir, ['apply', '--local', '-f', join(RECIPES, 'local-agg-bench.yaml'), '-o', base, '--tags', 'outdir']);
    expect(run.code, run.out).toBe(0);
    expect(existsSync(join(dir, 'outputs'))).toBe(false);
    const [jobId] = readdirSync(base);
    expect(jobId).toMatch(/^local-\d{8}-\d{6}$/);
    const out = join(base, jobId!);
    expect(run.out).toContain(`outputs in ${out})`);
    expect(JSON.parse(readFileSync(join(out, `${jobId}.json`), 'utf8'))).toMatchObject({ job_id: jobId, tags: ['outdir'] });
    expect(existsSync(join(out, 'logs', `orchestrator_${jobId}.log`))).toBe(true);
    expect(existsSync(join(out, 'logs', 'sa-bench_isl_32_osl_8', 'isl_32_osl_8_concurrency_1_req_rate_inf.json'))).toBe(true);
    const status = await srtctl(dir, ['status', '-o', base, '--json']);
    expect((JSON.parse(status.out) as StatusRow[]).map((r) => [r.job_id, r.output_dir, r.outcome])).toStrictEqual([[jobId, out, 'succeeded']]);
    await eventually(() => processesUnder(dir).length === 0, 3000);
    expect(processesUnder(dir)).toStrictEqual([]);
  });
});

describe.skipIf(!slurm.ready && slurm.skip)(`apply -o DIR on SLURM${!slurm.ready && slurm.skip ? ` (skipped: ${slurm.reason})` : ''}`, () => {
  it('runs the job with its folder, sweep log and ledger in DIR/<job_id>; wait and status find it with -o DIR', async () => {
    if (!slurm.ready) throw new Error(slurm.reason);
    const dir = await makeRunDir('srt-e2e-outdir-slurm-');
    writeFileSync(join(dir, 'srtslurm.yaml'), CONTAINERLESS_SRTSLURM_YAML);
    const base = join(await makeRunDir('srt-e2e-outdir-shared-'), 'runs');
    const r = await srtctl(dir, ['apply', '-f', join(RECIPES, 'slurm', 'agg-bench.yaml'), '-o', base, '--json', '--tags', 'outdir']);
    expect(r.code, r.err).toBe(0);
    const record = JSON.parse(r.out.trim()) as { job_id: string; output_dir: string; tags: string[] };
    submitted.push(record.job_id);
    const out = join(base, record.job_id);
    expect(record).toMatchObject({ output_dir: out, tags: ['outdir'] });
    const waited = await srtctl(dir, ['wait', record.job_id, '-o', base, '--timeout', '120']);
    const sweepLog = join(out, 'logs', `sweep_${record.job_id}.log`);
    expect(waited.code, `${waited.out}\n${existsSync(sweepLog) ? readFileSync(sweepLog, 'utf8') : 'no sweep log'}`).toBe(0);
    expect(readFileSync(sweepLog, 'utf8')).toMatch(/Benchmark completed successfully/);
    expect(existsSync(join(out, 'logs', 'sa-bench_isl_32_osl_8', 'isl_32_osl_8_concurrency_1_req_rate_inf.json'))).toBe(true);
    expect(existsSync(join(dir, 'outputs'))).toBe(false);
    const status = await srtctl(dir, ['status', '-o', base, '--json']);
    expect((JSON.parse(status.out) as StatusRow[]).map((row) => [row.job_id, row.output_dir, row.outcome])).toStrictEqual([[record.job_id, out, 'succeeded']]);
  });
});
