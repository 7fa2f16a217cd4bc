import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findResultFiles } from './find-result-files.ts';
import { archivePreviousRun, archiveRequeuedRun, parseRestarts, planRequeue } from './requeue.ts';

describe('planRequeue', () => {
  it('does nothing for a first run', () => {
    expect(planRequeue(undefined, ['a'], [])).toBeUndefined();
    expect(planRequeue('0', ['a'], [])).toBeUndefined();
    expect(planRequeue('x', ['a'], [])).toBeUndefined();
  });

  it('moves everything but the files this run has open (Slurm output, tee of the orchestrator log) and earlier archives into requeued_run_<N>', () => {
    const plan = planRequeue('2', ['sweep_7.log', 'requeued_run_1', 'sa-bench_isl_8_osl_8', 'orchestrator_7.log', 'decode_0.out'], ['sweep_7.log', 'orchestrator_7.log']);
    expect(plan).toStrictEqual({
      archive: 'requeued_run_2',
      move: ['decode_0.out', 'sa-bench_isl_8_osl_8'],
      marker: "===== Slurm requeued this job (SLURM_RESTART_COUNT=2): run 3 starts in a clean logs/; run 2's files are in logs/requeued_run_2/ =====",
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

describe('parseRestarts', () => {
  it('reads Restarts= of scontrol show job -o', () => {
    expect(parseRestarts('JobId=42 JobName=x Restarts=1 BatchFlag=1')).toBe(1);
    expect(parseRestarts('JobId=42 Restarts=0')).toBe(0);
    expect(parseRestarts('JobId=42 MaxRestarts=3')).toBeUndefined();
    expect(parseRestarts('')).toBeUndefined();
  });
});

describe('archiveRequeuedRun', () => {
  const scontrol = (restarts: number | 'fails') => ({
    cwd: '/',
    exec: async (argv: readonly string[]) => {
      expect(argv).toStrictEqual(['scontrol', 'show', 'job', '-o', '7']);
      return restarts === 'fails' ? { exitCode: 1, stdout: '', stderr: 'slurm_load_jobs error' } : { exitCode: 0, stdout: `JobId=7 JobName=x Restarts=${restarts} BatchFlag=1\n`, stderr: '' };
    },
  });
  async function jobDir(): Promise<{ outputDir: string; logDir: string }> {
    const outputDir = await mkdtemp(join(tmpdir(), 'srt-requeued-'));
    const logDir = join(outputDir, 'logs');
    await mkdir(join(logDir, 'sa-bench_isl_8_osl_8'), { recursive: true });
    await writeFile(join(logDir, 'sa-bench_isl_8_osl_8', 'isl_8_osl_8_concurrency_1_req_rate_inf.json'), '{}');
    await writeFile(join(logDir, 'sweep_7.log'), 'run 1\n');
    await writeFile(join(logDir, 'orchestrator_7.log'), 'run 1\n');
    await writeFile(join(outputDir, 'status.json'), '{"outcome":{"result":"cancelled"}}\n');
    return { outputDir, logDir };
  }

  it('moves a requeued run\'s own files (its orchestrator log too) to requeued_run_<run> and copies status.json there', async () => {
    const { outputDir, logDir } = await jobDir();
    const env = scontrol(1) as never;
    const line = await archiveRequeuedRun({ env, jobId: '7', logDir, outputDir, restartCount: undefined, keep: ['sweep_7.log'] });
    expect(line).toBe("Slurm requeued this job (Restarts=1): the SIGTERM was the requeue, not a cancel; run 1's files (and a copy of its status.json) are in logs/requeued_run_1/, run 2 starts in a clean logs/");
    expect((await readdir(logDir)).sort()).toStrictEqual(['requeued_run_1', 'sweep_7.log']);
    expect((await readdir(join(logDir, 'requeued_run_1'))).sort()).toStrictEqual(['orchestrator_7.log', 'sa-bench_isl_8_osl_8', 'status.json']);
    expect(await readFile(join(outputDir, 'status.json'), 'utf8')).toContain('cancelled');
    // The next run finds nothing of run 1 left in logs/.
    expect(await archivePreviousRun(logDir, '1', ['sweep_7.log', 'orchestrator_7.log'])).toMatch(/run 2 starts in a clean logs\/; run 1's files are in logs\/requeued_run_1\/ =====$/);
    expect((await readdir(logDir)).sort()).toStrictEqual(['requeued_run_1', 'sweep_7.log']);
  });

  it('leaves a plain cancel alone: Slurm counts no more restarts than this run, or cannot be asked', async () => {
    for (const [restarts, own] of [[0, undefined], [1, '1'], ['fails', undefined]] as const) {
      const { outputDir, logDir } = await jobDir();
      const env = scontrol(restarts) as never;
      expect(await archiveRequeuedRun({ env, jobId: '7', logDir, outputDir, restartCount: own, keep: ['sweep_7.log'] })).toBeUndefined();
      expect((await readdir(logDir)).sort()).toStrictEqual(['orchestrator_7.log', 'sa-bench_isl_8_osl_8', 'sweep_7.log']);
    }
  });
});
