import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '@srt/cli';
import { nodeEnv } from '@srt/core';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { captureOutput } from './support/capture.ts';
import { RECIPES, REPO } from './support/paths.ts';
import { makeRunDir } from './support/run-dirs.ts';
import { scancel, showJob, waitForJobEnd } from './support/slurm.ts';

const slurm = inject('slurm');

const SRTSLURM_YAML = `default_partition: batch
default_account: e2e
default_time_limit: "00:10:00"
container_runtime: none
use_segment_sbatch_directive: false
srtctl_root: ${REPO}
`;

/** Every job submitted here is cancelled at the end, whatever happened. */
const submitted: string[] = [];

async function applyJson(recipe: string, extra: readonly string[]) {
  const dir = await makeRunDir('srt-e2e-slurm-variants-');
  writeFileSync(join(dir, 'srtslurm.yaml'), SRTSLURM_YAML);
  const stdout = captureOutput();
  const stderr = captureOutput();
  const vars = { ...process.env, ...(slurm.ready ? slurm.vars : {}) };
  const code = await main({ argv: ['apply', '-f', join(RECIPES, 'slurm', recipe), '--json', '-y', ...extra], env: nodeEnv({ cwd: dir, vars }), stdout, stderr });
  const records = stdout
    .text()
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const r of records) if (r['status'] === 'submitted') submitted.push(String(r['job_id']));
  return { dir, code, records, stderr: stderr.text() };
}

describe.skipIf(!slurm.ready && slurm.skip)(`variants and custom benchmarks on SLURM${!slurm.ready && slurm.skip ? ` (skipped: ${slurm.reason})` : ''}`, () => {
  beforeAll(() => {
    if (!slurm.ready) throw new Error(slurm.reason);
  });
  afterEach(() => {
    for (const id of submitted.splice(0)) scancel(id);
  });

  it('sweep × override × --set: one --json record per job, the refused ones in the middle included', async () => {
    const run = await applyJson('variants.yaml', ['--set', 'health_check.max_attempts=30', '--tags', 'e2e']);
    expect(run.records.map((r) => [r['status'], r['job_name']]), run.stderr).toStrictEqual([
      ['submitted', 'e2e-variants_a_point1'],
      ['submitted', 'e2e-variants_a_point2'],
      ['submitted', 'e2e-variants_p_0_point1'],
      ['submitted', 'e2e-variants_p_0_point2'],
      ['error', 'e2e-variants_p_1_point1'],
      ['error', 'e2e-variants_p_1_point2'],
    ]);
    expect(run.code).toBe(1);
    expect(run.records[4]).toMatchObject({ code: 'SRT_SUBMIT_FAILED', details: expect.arrayContaining([expect.stringMatching(/partition/i)]) });
    for (const r of run.records.filter((x) => x['status'] === 'submitted')) {
      expect(showJob(String(r['job_id']))['JobName']).toBe(r['job_name']);
      expect(r).toMatchObject({ tags: ['e2e'], applied_overrides: [{ op: 'set', path: 'health_check.max_attempts', value: 30 }] });
      expect(readFileSync(join(String(r['output_dir']), 'config.yaml'), 'utf8')).toMatch(/max_attempts: 30/);
    }
  });

  it('runs a custom benchmark (curl against the deployed endpoint, with its environment) to COMPLETED', async () => {
    const run = await applyJson('custom.yaml', []);
    expect(run.code, run.stderr).toBe(0);
    const jobId = String(run.records[0]!['job_id']);
    const end = await waitForJobEnd(jobId, 90_000);
    const logs = join(run.dir, 'outputs', jobId, 'logs');
    const log = readFileSync(join(logs, `sweep_${jobId}.log`), 'utf8');
    expect([end['JobState'], end['ExitCode']], log).toStrictEqual(['COMPLETED', '0:0']);
    expect(log).toMatch(/\[INFO\] Running Custom benchmark/);
    const out = readFileSync(join(logs, 'benchmark.out'), 'utf8');
    expect(out).toMatch(/^prefill=\S+:\d+ decode=\S+:\d+ frontend=dynamo \S+:8000$/m);
    expect(out).toMatch(/"object":\s*"list"/);
  });
});
