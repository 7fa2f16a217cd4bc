import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendSchemas } from '@srt/backends';
import { type ExecResult, parseConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { checkSbatch, submitJob } from './submit-job.ts';

const config = parseConfig('name: demo\nmodel: {path: /m, container: c, precision: fp8}\nresources: {gpu_type: h100, agg_nodes: 1, agg_workers: 1}\n', { source: 'd.yaml', backends: backendSchemas }).config;
const answer = (r: Partial<ExecResult>) => async (): Promise<ExecResult> => ({ exitCode: 0, stdout: '', stderr: '', ...r });
const opts = { config, sbatchScript: '#!/bin/bash\n', configSnapshot: 'name: demo\n', tags: [], generatedAt: 'now' };

describe('submitJob', () => {
  it('takes the last word of sbatch’s output as the job id and writes outputs/<id>/', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'submit-'));
    const job = await submitJob({ cwd, exec: answer({ stdout: 'Submitted batch job 12345\n' }) }, opts);
    expect(job).toStrictEqual({ jobId: '12345', jobName: 'demo', outputDir: join(cwd, 'outputs/12345') });
    expect(readFileSync(join(cwd, 'outputs/12345/config.yaml'), 'utf8')).toBe('name: demo\n');
    expect(readFileSync(join(cwd, 'outputs/12345/sbatch_script.sh'), 'utf8')).toBe('#!/bin/bash\n');
  });

  it('refuses output without a job id', async () => {
    const run = submitJob({ cwd: '/nonexistent', exec: answer({ stdout: 'queued somewhere\n' }) }, opts);
    await expect(run).rejects.toMatchObject({ code: 'SRT_SUBMIT_FAILED' });
  });

  it('fails with SRT_SUBMIT_FAILED and sbatch’s stderr as details', async () => {
    const run = submitJob({ cwd: '/nonexistent', exec: answer({ exitCode: 1, stderr: 'sbatch: error: bad\n' }) }, opts);
    await expect(run).rejects.toMatchObject({ code: 'SRT_SUBMIT_FAILED', details: ['sbatch: error: bad'] });
  });
});

describe('checkSbatch', () => {
  it.each([
    [{ exitCode: 127, stderr: 'bash: sbatch: command not found' }],
    [{ exitCode: 1, stderr: 'spawn sbatch ENOENT' }],
  ])('reports SRT_SLURM_UNAVAILABLE when sbatch cannot run (%j)', async (r) => {
    await expect(checkSbatch({ cwd: '/', exec: answer(r) })).rejects.toMatchObject({ code: 'SRT_SLURM_UNAVAILABLE' });
  });

  it('passes when sbatch answers --version', async () => {
    await expect(checkSbatch({ cwd: '/', exec: answer({ stdout: 'slurm 22.05.8' }) })).resolves.toBeUndefined();
  });
});
