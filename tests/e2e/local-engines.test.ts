/**
 * Whole mock vLLM and TRT-LLM deployments under `srtctl apply --local` (engines.md §10): the
 * engine layouts, launch styles, readiness formats and failure detection, with no GPU.
 * Binds fixed local ports: run under the e2e lock (`flock /tmp/srt-e2e.lock`).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '@srt/cli';
import { nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { captureOutput } from './support/capture.ts';
import { RECIPES } from './support/paths.ts';
import { eventually, processesUnder } from './support/processes.ts';
import { makeRunDir } from './support/run-dirs.ts';

async function applyLocal(recipe: string) {
  const dir = await makeRunDir('srt-e2e-engines-');
  const stdout = captureOutput();
  const stderr = captureOutput();
  const started = Date.now();
  const code = await main({ argv: ['apply', '--local', '-f', join(RECIPES, recipe)], env: nodeEnv({ cwd: dir }), stdout, stderr });
  const jobId = readdirSync(join(dir, 'outputs'))[0] ?? '';
  return { dir, code, stdout: stdout.text(), stderr: stderr.text(), seconds: (Date.now() - started) / 1000, jobId, logs: join(dir, 'outputs', jobId, 'logs') };
}

async function expectNothingLeft(dir: string): Promise<void> {
  await eventually(() => processesUnder(dir).length === 0, 3000);
  expect(processesUnder(dir)).toStrictEqual([]);
}

function expectBenchmarkAndReport(run: Awaited<ReturnType<typeof applyLocal>>): void {
  expect(run.stdout).toMatch(/\[INFO\] Server is healthy/);
  expect(run.stdout).toMatch(/\[INFO\] Benchmark completed successfully/);
  for (const c of [1, 2]) {
    const result = `sa-bench_isl_32_osl_8/isl_32_osl_8_concurrency_${c}_req_rate_inf.json`;
    expect(JSON.parse(readFileSync(join(run.logs, result), 'utf8'))).toMatchObject({ max_concurrency: c, completed: c * 5 });
  }
  expect(readFileSync(join(run.dir, 'outputs', run.jobId, 'report.html'), 'utf8')).toMatch(/<svg[^>]*>[\s\S]*<polyline/);
}

describe('srtctl apply --local with mock engines', () => {
  it('runs a mock vLLM 1P + 1D (decode DP2 per_node) behind Dynamo through sa-bench and the report', async () => {
    const run = await applyLocal('local-vllm-1p1d.yaml');
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expectBenchmarkAndReport(run);
    const log = readFileSync(join(run.logs, `orchestrator_${run.jobId}.log`), 'utf8');
    // The vLLM port plan and engine environment reached the workers.
    expect(log).toMatch(/Env: .*DYN_REQUEST_PLANE=tcp .*DYN_SYSTEM_PORT=7501 .*DYN_VLLM_KV_EVENT_PORT=5201 .*VLLM_NIXL_SIDE_CHANNEL_HOST=127\.0\.0\.12 .*VLLM_PORT=20050/);
    expect(log).toMatch(/Polling http:\/\/127\.0\.0\.11:8000\/health every 1\.0s for 1 prefills and 1 decodes/);
    await expectNothingLeft(run.dir);
  });

  it('runs a mock TRT-LLM 1P + 2D behind trtllm-serve disaggregated: engine YAMLs, gated workers, ser.yaml', async () => {
    const run = await applyLocal('local-trtllm-1p2d.yaml');
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expectBenchmarkAndReport(run);
    expect(readFileSync(join(run.logs, 'trtllm_config_decode.yaml'), 'utf8')).toBe('max_batch_size: 64\ntensor_parallel_size: 4\n');
    expect(readFileSync(join(run.logs, 'ser.yaml'), 'utf8')).toBe(
      'context_servers:\n  num_instances: 1\n  urls:\n  - 127.0.0.11:6100\n  router:\n    type: round_robin\ngeneration_servers:\n  num_instances: 2\n  urls:\n  - 127.0.0.12:6100\n  - 127.0.0.13:6100\nhostname: 0.0.0.0\nport: 8000\n',
    );
    const log = readFileSync(join(run.logs, `orchestrator_${run.jobId}.log`), 'utf8');
    for (const u of ['127.0.0.11:6100', '127.0.0.12:6100', '127.0.0.13:6100']) expect(log).toContain(`trtllm-serve worker ${u} is ready`);
    // The orchestrator starts only after every worker answered /health.
    expect(log.indexOf('trtllm-serve worker 127.0.0.13:6100 is ready')).toBeLessThan(log.indexOf('Starting trtllm-serve orchestrator'));
    expect(existsSync(join(run.logs, 'local-0_trtllm_serve_orchestrator.out'))).toBe(true);
    await expectNothingLeft(run.dir);
  });

  it('fails within seconds when one rank of a per_gpu vLLM endpoint crashes, naming that rank (E1)', async () => {
    const run = await applyLocal('local-vllm-per-gpu-crash.yaml');
    expect(run.code).toBe(1);
    expect(run.seconds).toBeLessThan(20);
    expect(run.stdout).toMatch(/\[ERROR\] Critical process 'agg_0_local-0_r2' exited with code 3/);
    expect(run.stdout).toMatch(/^Result: {4}Run failed: agg_0_local-0_r2 on local-0 exited with code 3$/m);
    expect(existsSync(join(run.logs, 'local-0_agg_w0_r2.out'))).toBe(true);
    await expectNothingLeft(run.dir);
  });
});
