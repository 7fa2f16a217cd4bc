import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '@srt/cli';
import { nodeEnv } from '@srt/core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { captureOutput } from './support/capture.ts';
import { clusterFile, type ContainerRuntime, inContainer, prepareSrtctlRoot, type SrtctlRoot } from './support/container-mode.ts';
import { makeRunDir } from './support/run-dirs.ts';
import { RECIPES, REPO } from './support/paths.ts';
import { eventually, processesOfJob, processesUnder } from './support/processes.ts';
import { scancel, showJob, waitForJobEnd } from './support/slurm.ts';

const slurm = inject('slurm');

/** Address of each test node (10.250.0.11… in netns mode, 127.0.0.11… in loopback mode), regex-escaped. */
const addrs = slurm.ready ? (slurm.vars['SRT_SLURM_NODE_ADDRS'] ?? '').split(' ') : [];
const addr = (node: number): string => (addrs[node - 1] ?? `10.250.0.${10 + node}`).replaceAll('.', '\\.');

/** The srtctl install of the container-mode jobs (bundle + configs/ from `srtctl setup`), made once. */
let install: SrtctlRoot | undefined;

interface Submitted {
  readonly dir: string;
  readonly jobId: string;
  readonly logs: string;
  readonly sweepLog: () => string;
}

/** Every job the tests submitted: cancelled at the end whatever happened, so none outlives the run. */
const submitted: string[] = [];

/**
 * `srtctl apply -f <recipe> --json` from a fresh working directory holding srtslurm.yaml. Without
 * containers the repo is the srtctl root; with `pyxis` the recipe's mock processes run in the
 * cluster's `mock` image and the srtctl root is the install `srtctl setup` prepared.
 */
async function submit(recipe: string, runtime: ContainerRuntime, extra = ''): Promise<Submitted> {
  const dir = await makeRunDir('srt-e2e-slurm-');
  const root = runtime === 'pyxis' ? (install ??= await prepareSrtctlRoot()).root : REPO;
  writeFileSync(join(dir, 'srtslurm.yaml'), clusterFile(runtime, root));
  let path = join(RECIPES, 'slurm', recipe);
  if (runtime === 'pyxis') {
    path = join(dir, recipe);
    writeFileSync(path, inContainer(readFileSync(join(RECIPES, 'slurm', recipe), 'utf8'), join(dir, 'model'), extra));
  }
  const stdout = captureOutput();
  const stderr = captureOutput();
  const vars = { ...process.env, ...(slurm.ready ? slurm.vars : {}) };
  const code = await main({ argv: ['apply', '-f', path, '--json'], env: nodeEnv({ cwd: dir, vars }), stdout, stderr });
  expect(code, stderr.text()).toBe(0);
  const jobId = String((JSON.parse(stdout.text().trim()) as { job_id: string }).job_id);
  submitted.push(jobId);
  const logs = join(dir, 'outputs', jobId, 'logs');
  return { dir, jobId, logs, sweepLog: () => readFileSync(join(logs, `sweep_${jobId}.log`), 'utf8') };
}

/** Nothing the job started may be left on any node (the nodes share this machine's process table), in a container or not. */
async function expectNothingLeft(job: Submitted): Promise<void> {
  const left = (): unknown[] => [...processesUnder(job.dir), ...processesOfJob(job.jobId)];
  await eventually(() => left().length === 0, 10_000);
  expect(left()).toStrictEqual([]);
}

describe.skipIf(!slurm.ready && slurm.skip)(`srtctl on a real SLURM cluster${!slurm.ready && slurm.skip ? ` (skipped: ${slurm.reason})` : ''}`, () => {
  beforeAll(() => {
    if (!slurm.ready) throw new Error(slurm.reason);
  });
  afterEach(() => {
    for (const id of submitted.splice(0)) scancel(id);
  });
  afterAll(() => install?.remove());

  it('runs a list of two benchmarks (a sweep, then an SLO search) in one job and ends COMPLETED', async () => {
    const job = await submit('multi-slo.yaml', 'none');
    const end = await waitForJobEnd(job.jobId, 120_000);
    const log = job.sweepLog();
    expect([end['JobState'], end['ExitCode']], log).toStrictEqual(['COMPLETED', '0:0']);
    expect(log).toMatch(/\[INFO\] Benchmark 2 of 2: benchmark_2\n/);
    expect(log).toMatch(/\[INFO\] All 2 benchmarks completed successfully\n/);
    expect(existsSync(join(job.logs, 'bench_1', 'sa-bench_isl_32_osl_8', 'isl_32_osl_8_concurrency_2_req_rate_inf.json'))).toBe(true);
    const search = JSON.parse(readFileSync(join(job.logs, 'bench_2', 'sa-bench_isl_32_osl_8', 'slo-search.json'), 'utf8'));
    expect(search).toMatchObject({ ended: 'max-load', answer: { load: 8 } });
    const stdout = captureOutput();
    expect(await main({ argv: ['report', join(job.dir, 'outputs', job.jobId)], env: nodeEnv({ cwd: job.dir }), stdout, stderr: captureOutput() })).toBe(0);
    expect(readFileSync(join(job.dir, 'outputs', job.jobId, 'report.html'), 'utf8')).toContain('meeting the SLO (ttft_p99_ms ≤ 5000, itl_p99_ms ≤ 500): <b>8</b>');
    await expectNothingLeft(job);
  });

  it('fails a containerized step that reads a host path the plan does not mount, and the report shows why (container_runtime: pyxis)', async () => {
    // The setup script (in configs/, mounted at /configs) reads a file of the srtctl root on the
    // host: only configs/ and the bundle of that root are mounted, so the file does not exist in the step.
    install ??= await prepareSrtctlRoot();
    const hostFile = join(install.root, 'dataset.txt');
    writeFileSync(hostFile, 'on the host only\n');
    writeFileSync(join(install.configs, 'read-dataset.sh'), `set -e\nhead -n 1 '${hostFile}'\n`);
    const job = await submit('crash.yaml', 'pyxis', 'setup_script: read-dataset.sh\n');
    const end = await waitForJobEnd(job.jobId, 60_000);
    const log = job.sweepLog();
    expect([end['JobState'], end['ExitCode']], log).toStrictEqual(['FAILED', '1:0']);
    expect(log).toMatch(/\[ERROR\] Critical process '(prefill_0_gpu-01|decode_\d_gpu-0[23])' exited with code 1\n/);
    const report = log.slice(log.indexOf('FAILURE DETAILS'));
    expect(report).toContain('Running setup script: /configs/read-dataset.sh');
    expect(report).toContain(`head: cannot open '${hostFile}' for reading: No such file or directory`);
    expect(existsSync(hostFile)).toBe(true);
    await expectNothingLeft(job);
  });

  describe.each(['none', 'pyxis'] as const)('container_runtime: %s', (runtime) => {
    it('submits a mock disaggregated job whose orchestrator starts workers with srun on the other nodes and ends COMPLETED', async () => {
      const job = await submit('disagg.yaml', runtime);
      const end = await waitForJobEnd(job.jobId, 90_000);
      const log = job.sweepLog();
      expect([end['JobState'], end['ExitCode']], log).toStrictEqual(['COMPLETED', '0:0']);
      expect(end['NodeList']).toBe('gpu-[01-03]');
      expect(log).toMatch(/\[INFO\] Executor: slurm\n/);
      expect(log).toMatch(/\[INFO\] Starting decode worker 0 on gpu-02\n/);
      expect(log).toMatch(/\[INFO\] Starting decode worker 1 on gpu-03\n/);
      expect(log).toMatch(/\[INFO\] Model is ready\. Have 1 prefills and 2 decodes\.\n/);
      expect(log).toMatch(/\[INFO\] Benchmark completed successfully\n/);
      // Each worker bound its own node's address, which exists only inside that node.
      expect(readFileSync(join(job.logs, 'gpu-03_decode_w1.out'), 'utf8')).toMatch(new RegExp(`listening on http://${addr(3)}:30000`));
      for (const c of [1, 2]) expect(existsSync(join(job.logs, `sa-bench_isl_32_osl_8/isl_32_osl_8_concurrency_${c}_req_rate_inf.json`))).toBe(true);
      expect(existsSync(join(job.dir, 'outputs', job.jobId, 'config.yaml'))).toBe(true);
      await expectNothingLeft(job);
    });

    it('serves through nginx in front of two mock SGLang routers and ends COMPLETED', async () => {
      const job = await submit('router-nginx.yaml', runtime);
      const end = await waitForJobEnd(job.jobId, 90_000);
      const log = job.sweepLog();
      expect([end['JobState'], end['ExitCode']], log).toStrictEqual(['COMPLETED', '0:0']);
      expect(log).toMatch(/\[INFO\] Starting nginx on gpu-01\n/);
      expect(log).toMatch(new RegExp(`\\[INFO\\] Polling http://${addr(1)}:8000/workers every 1\\.0s for 1 prefills and 2 decodes \\(sglang router mode\\)\n`));
      expect(log).toMatch(/\[INFO\] Server is healthy\n/);
      expect(readFileSync(join(job.logs, 'nginx.conf'), 'utf8')).toMatch(new RegExp(`server ${addr(2)}:8080;[\\s\\S]*server ${addr(3)}:8080;`));
      await expectNothingLeft(job);
    });

    it('starts real NATS and etcd on the head before the workers when the recipe asks for head services', async () => {
      const job = await submit('head-services.yaml', runtime);
      const end = await waitForJobEnd(job.jobId, 90_000);
      const log = job.sweepLog();
      expect([end['JobState'], end['ExitCode']], log).toStrictEqual(['COMPLETED', '0:0']);
      const order = ['NATS is ready', 'etcd is ready', 'Starting backend workers', 'Server is healthy'].map((l) => log.indexOf(`[INFO] ${l}`));
      expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!)), log).toBe(true);
      expect(readFileSync(join(job.logs, 'nats.log'), 'utf8')).toMatch(/Listening for client connections on 0\.0\.0\.0:4222/);
      expect(readFileSync(join(job.logs, 'etcd.log'), 'utf8')).toMatch(/ready to serve client requests/);
      await expectNothingLeft(job);
    });

    it('fails the job fast when a worker on another node crashes, with a report naming it, its node and its log tail', async () => {
      const job = await submit('crash.yaml', runtime);
      const end = await waitForJobEnd(job.jobId, 60_000);
      const log = job.sweepLog();
      expect([end['JobState'], end['ExitCode']], log).toStrictEqual(['FAILED', '1:0']);
      expect(log).toMatch(/\[ERROR\] Critical process 'decode_1_gpu-03' exited with code 3\n/);
      const report = log.slice(log.indexOf('FAILURE DETAILS'));
      expect(report).toMatch(/--- Process: decode_1_gpu-03 ---\n.*Exit code: 3\n.*Node: gpu-03\n.*Log file: .*\/gpu-03_decode_w1\.out\n/);
      expect(report).toMatch(new RegExp(`Last 50 lines of log:\n.*mock decode worker 1 listening on http://${addr(3)}:30000`));
      const started = log.match(/^(\S+ \S+) \[INFO\] Sweep Orchestrator$/m)?.[1];
      const failed = log.match(/^(\S+ \S+) \[ERROR\] Critical process/m)?.[1];
      expect((Date.parse(failed!) - Date.parse(started!)) / 1000).toBeLessThan(15);
      await expectNothingLeft(job);
    });

    it('leaves no process on any node when the job is cancelled with scancel while it serves', async () => {
      const job = await submit('manual.yaml', runtime);
      const ready = await eventually(() => existsSync(join(job.logs, `sweep_${job.jobId}.log`)) && job.sweepLog().includes('server is ready for testing'), 60_000, 200);
      expect(ready, existsSync(join(job.logs, `sweep_${job.jobId}.log`)) ? job.sweepLog() : showJob(job.jobId)['JobState']).toBe(true);
      const workers = processesOfJob(job.jobId).filter((p) => /^\S*node \S+srtctl\.mjs mock worker /.test(p.cmdline));
      expect(workers).toHaveLength(3);
      scancel(job.jobId);
      const end = await waitForJobEnd(job.jobId, 30_000);
      expect(end['JobState']).toBe('CANCELLED');
      await expectNothingLeft(job);
    });
  });
});
