/**
 * Mock vLLM and TRT-LLM deployments as real jobs on the test SLURM cluster in container mode
 * (`container_runtime: pyxis`, the cluster's pyxis-compatible runtime, image `mock`). Needs the
 * e2e lock and root (the global setup starts the cluster).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '@srt/cli';
import { nodeEnv } from '@srt/core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { captureOutput } from './support/capture.ts';
import { clusterFile, makeImage, prepareSrtctlRoot, type SrtctlRoot } from './support/container-mode.ts';
import { RECIPES, REPO } from './support/paths.ts';
import { eventually, processesUnder } from './support/processes.ts';
import { makeRunDir } from './support/run-dirs.ts';
import { scancel, waitForJobEnd } from './support/slurm.ts';

const slurm = inject('slurm');
const FAKE_HF = join(REPO, 'tests', 'e2e', 'support', 'fake-hf', 'hf');
const HF_SNAPSHOT = 'hub/models--Org--Tiny-0.1B/snapshots/0123456789abcdef0123456789abcdef01234567';
const submitted: string[] = [];

let install: SrtctlRoot | undefined;

/** Container mode: an srtctl root as a cluster admin lays it out (bundle + configs/ from `srtctl setup`), the recipe's mock servers in the `mock` image. */
async function submit(recipe: string, opts: { readonly prepare?: (dir: string, text: string) => string } = {}) {
  const dir = await makeRunDir('srt-e2e-slurm-engines-');
  install ??= await prepareSrtctlRoot();
  writeFileSync(join(dir, 'srtslurm.yaml'), clusterFile('pyxis', install.root));
  const text = readFileSync(join(RECIPES, 'slurm', recipe), 'utf8').replaceAll('@RUN_DIR@', dir).replaceAll('@REPO@', REPO);
  writeFileSync(join(dir, recipe), opts.prepare?.(dir, text) ?? text);
  const stdout = captureOutput();
  const stderr = captureOutput();
  const vars = { ...process.env, ...(slurm.ready ? slurm.vars : {}) };
  const code = await main({ argv: ['apply', '-f', join(dir, recipe), '--json'], env: nodeEnv({ cwd: dir, vars }), stdout, stderr });
  expect(code, stderr.text()).toBe(0);
  const jobId = String((JSON.parse(stdout.text().trim()) as { job_id: string }).job_id);
  submitted.push(jobId);
  const logs = join(dir, 'outputs', jobId, 'logs');
  return { dir, jobId, logs, stderr: stderr.text(), sweepLog: () => readFileSync(join(logs, `sweep_${jobId}.log`), 'utf8') };
}

async function expectNothingLeft(dir: string): Promise<void> {
  await eventually(() => processesUnder(dir).length === 0, 10_000);
  expect(processesUnder(dir)).toStrictEqual([]);
}

describe.skipIf(!slurm.ready && slurm.skip)(`mock engines on the test SLURM cluster, container mode${!slurm.ready && slurm.skip ? ` (skipped: ${slurm.reason})` : ''}`, () => {
  beforeAll(() => {
    if (!slurm.ready) throw new Error(slurm.reason);
  });
  afterEach(() => {
    for (const id of submitted.splice(0)) scancel(id);
  });
  afterAll(() => install?.remove());

  it('runs a mock vLLM 1P + 1D in the image through sa-bench and ends COMPLETED', async () => {
    const job = await submit('vllm-1p1d-container.yaml');
    const end = await waitForJobEnd(job.jobId, 120_000);
    const log = job.sweepLog();
    expect([end['JobState'], end['ExitCode']], log).toStrictEqual(['COMPLETED', '0:0']);
    expect(log).toMatch(/\[INFO\] Starting decode worker 0 on gpu-02\n/);
    expect(log).toMatch(/\[INFO\] Benchmark completed successfully\n/);
    for (const c of [1, 2]) expect(existsSync(join(job.logs, `sa-bench_isl_32_osl_8/isl_32_osl_8_concurrency_${c}_req_rate_inf.json`))).toBe(true);
    await expectNothingLeft(job.dir);
  });

  it('runs a mock TRT-LLM 1P + 2D (one 4-task step per endpoint) behind trtllm-serve and ends COMPLETED', async () => {
    const job = await submit('trtllm-1p2d-container.yaml');
    const end = await waitForJobEnd(job.jobId, 120_000);
    const log = job.sweepLog();
    expect([end['JobState'], end['ExitCode']], log).toStrictEqual(['COMPLETED', '0:0']);
    expect(log).toMatch(/\[INFO\] Starting decode worker 1 on gpu-03\n/);
    expect(log).toMatch(/trtllm-serve worker .*:6100 is ready/);
    expect(log).toMatch(/\[INFO\] Benchmark completed successfully\n/);
    // Tasks 1–3 of each endpoint idle (MPI-style), task 0 serves.
    expect(readFileSync(join(job.logs, 'gpu-03_decode_w1.out'), 'utf8')).toMatch(/MPI task 3: non-leader rank/);
    expect(existsSync(join(job.logs, 'ser.yaml'))).toBe(true);
    await expectNothingLeft(job.dir);
  });

  /** engines.md §7 in the image: a mirror with the model, the host cache dir, and the recipe with or without the cache mount. */
  const hfJob = (mountCache: boolean) =>
    submit('hf-model-container.yaml', {
      prepare: (dir, text) => {
        makeImage(join(dir, 'image'), { 'usr/local/bin/hf': FAKE_HF });
        mkdirSync(join(dir, 'mirror', 'Org', 'Tiny-0.1B'), { recursive: true });
        writeFileSync(join(dir, 'mirror', 'Org', 'Tiny-0.1B', 'config.json'), '{"model_type": "tiny"}\n');
        mkdirSync(join(dir, 'hf-cache'));
        return text.replaceAll('@HF_MOUNT@', mountCache ? `, "${dir}/hf-cache:/hf-cache"` : '');
      },
    });

  it('pre-downloads an hf: model into the mounted HF_HOME on gpu-01 before the workers, which load it from there, and ends COMPLETED', async () => {
    const job = await hfJob(true);
    expect(job.stderr).not.toContain('HF_HOME');
    const end = await waitForJobEnd(job.jobId, 120_000);
    const log = job.sweepLog();
    expect([end['JobState'], end['ExitCode']], log).toStrictEqual(['COMPLETED', '0:0']);
    expect(log.indexOf('model_download on gpu-01 finished in')).toBeGreaterThan(0);
    expect(log.indexOf('model_download on gpu-01 finished in')).toBeLessThan(log.indexOf('Starting backend workers'));
    // Written in the container at /hf-cache, seen on the host through the mount.
    expect(existsSync(join(job.dir, 'hf-cache', HF_SNAPSHOT, 'config.json'))).toBe(true);
    for (const w of ['gpu-01_prefill_w0.out', 'gpu-02_decode_w0.out']) expect(readFileSync(join(job.logs, w), 'utf8')).toContain(`loading Org/Tiny-0.1B from /hf-cache/${HF_SNAPSHOT}`);
    expect(log).toMatch(/\[INFO\] Benchmark completed successfully\n/);
    await expectNothingLeft(job.dir);
  });

  it('without the HF_HOME mount, warns at submit; the download vanishes with its container and the job fails naming the worker', async () => {
    const job = await hfJob(false);
    expect(job.stderr).toContain('HF_HOME=/hf-cache is not inside any container mount');
    const end = await waitForJobEnd(job.jobId, 120_000);
    const log = job.sweepLog();
    expect(end['JobState'], log).toBe('FAILED');
    expect(log).toContain('model_download on gpu-01 finished in');
    // Both workers fail the same way; whichever exits first is named, and the teardown may stop the
    // other before it has said why. So the named worker's own log is the one that must say it.
    const named = /\[ERROR\] Critical process '(?:prefill_0_gpu-01|decode_0_gpu-02)' exited with code 1/.exec(log)?.[0];
    expect(named, log).toBeDefined();
    const workerLog = named!.includes('prefill') ? 'gpu-01_prefill_w0.out' : 'gpu-02_decode_w0.out';
    expect(readFileSync(join(job.logs, workerLog), 'utf8')).toContain('model Org/Tiny-0.1B is not in the Hugging Face cache /hf-cache/hub');
    expect(readdirSync(join(job.dir, 'hf-cache'))).toStrictEqual([]);
    await expectNothingLeft(job.dir);
  });
});
