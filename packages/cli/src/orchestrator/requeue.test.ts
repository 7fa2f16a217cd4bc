import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findResultFiles } from './find-result-files.ts';
import { archivePreviousRun, planRequeue } from './requeue.ts';

describe('planRequeue', () => {
  it('does nothing for a first run', () => {
    expect(planRequeue(undefined, ['a'], [])).toBeUndefined();
    expect(planRequeue('0', ['a'], [])).toBeUndefined();
    expect(planRequeue('x', ['a'], [])).toBeUndefined();
  });

  it('moves everything but the Slurm output file and earlier archives into requeued_run_<N>', () => {
    const plan = planRequeue('2', ['sweep_7.log', 'requeued_run_1', 'sa-bench_isl_8_osl_8', 'orchestrator_7.log', 'decode_0.out'], ['sweep_7.log']);
    expect(plan).toStrictEqual({
      archive: 'requeued_run_2',
      move: ['decode_0.out', 'orchestrator_7.log', 'sa-bench_isl_8_osl_8'],
      marker: '===== Slurm requeued this job (SLURM_RESTART_COUNT=2): run 3 starts; the 3 files and folders of run 2 are in logs/requeued_run_2/ =====',
    });
  });
});

describe('archivePreviousRun', () => {
  it('moves the previous run aside, so its results are not read as this run\'s', async () => {
    const logDir = await mkdtemp(join(tmpdir(), 'srt-requeue-'));
    await mkdir(join(logDir, 'sa-bench_isl_8_osl_8'));
    await writeFile(join(logDir, 'sa-bench_isl_8_osl_8', 'isl_8_osl_8_concurrency_1_req_rate_inf.json'), '{}');
    await writeFile(join(logDir, 'sweep_7.log'), 'run 1\n');
    expect(findResultFiles(logDir)).toHaveLength(1);
    const marker = await archivePreviousRun(logDir, '1', ['sweep_7.log']);
    expect(marker).toMatch(/^===== Slurm requeued this job \(SLURM_RESTART_COUNT=1\): run 2 starts/);
    expect((await readdir(logDir)).sort()).toStrictEqual(['requeued_run_1', 'sweep_7.log']);
    expect(findResultFiles(logDir)).toStrictEqual([]);
    expect(await archivePreviousRun(logDir, undefined, [])).toBeUndefined();
  });
});
