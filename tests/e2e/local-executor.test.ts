import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { backendSchemas } from '@srt/backends';
import { main, runLocal } from '@srt/cli';
import { loadConfig, nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { captureOutput } from './support/capture.ts';
import { makeRunDir } from './support/run-dirs.ts';
import { RECIPES } from './support/paths.ts';
import { eventually, processesUnder } from './support/processes.ts';

/** Runs `srtctl apply --local -f <recipe>` in a fresh directory, as the README's first command does. */
async function applyLocal(recipe: string, o: { readonly signal?: AbortSignal; readonly onStdout?: (out: ReturnType<typeof captureOutput>) => void } = {}) {
  const dir = await makeRunDir('srt-e2e-local-');
  const stdout = captureOutput();
  const stderr = captureOutput();
  o.onStdout?.(stdout);
  const started = Date.now();
  const code = await main({ argv: ['apply', '--local', '-f', join(RECIPES, recipe)], env: nodeEnv({ cwd: dir }), stdout, stderr, ...(o.signal ? { signal: o.signal } : {}) });
  const jobId = readdirSync(join(dir, 'outputs'))[0] ?? '';
  return { dir, code, stdout: stdout.text(), stderr: stderr.text(), seconds: (Date.now() - started) / 1000, jobId, logs: join(dir, 'outputs', jobId, 'logs') };
}

/** Nothing the run started may outlive it. */
async function expectNothingLeft(dir: string): Promise<void> {
  await eventually(() => processesUnder(dir).length === 0, 3000);
  expect(processesUnder(dir)).toStrictEqual([]);
}

describe('srtctl apply --local', () => {
  it('runs a mock disaggregated deployment (1 prefill, 2 decode) through sa-bench to a clean exit', async () => {
    const run = await applyLocal('local-disagg.yaml');
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.jobId).toMatch(/^local-\d{8}-\d{6}$/);
    const out = join(run.dir, 'outputs', run.jobId);
    expect(existsSync(join(out, 'config.yaml'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, `${run.jobId}.json`), 'utf8'))).toMatchObject({ job_id: run.jobId, job_name: 'e2e-local-disagg', backend_type: 'mock' });
    for (const file of ['local-0_prefill_w0.out', 'local-1_decode_w0.out', 'local-2_decode_w1.out', 'benchmark.out', `orchestrator_${run.jobId}.log`]) {
      expect(existsSync(join(run.logs, file)), file).toBe(true);
    }
    expect(run.stdout).toMatch(/\[INFO\] Server is healthy/);
    expect(run.stdout).toMatch(/\[INFO\] Benchmark completed successfully/);
    expect(run.stdout).toMatch(/^Exit code: 0$/m);
    expect(run.stdout).toMatch(/^ {2}decode_1_local-2 +local-2 +127\.0\.0\.13 /m);
    for (const c of [1, 2]) {
      const result = `sa-bench_isl_32_osl_8/isl_32_osl_8_concurrency_${c}_req_rate_inf.json`;
      expect(run.stdout).toContain(`\n  outputs/${run.jobId}/logs/${result}\n`);
      expect(JSON.parse(readFileSync(join(run.logs, result), 'utf8'))).toMatchObject({ max_concurrency: c, completed: c * 5 });
    }
    expect(existsSync(join(run.logs, 'sa-bench_isl_32_osl_8', 'benchmark-rollup.json'))).toBe(true);
    expect(run.stdout).toMatch(/^e2e-local-disagg \(local-\d{8}-\d{6}\) +32\/8 +2 /m);
    expect(run.stdout).toContain(`Report:    outputs/${run.jobId}/report.html\n`);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<svg[^>]*>[\s\S]*<polyline/);
    await expectNothingLeft(run.dir);
  });

  it('runs a list of two benchmarks (a sweep, then an SLO search) against one deployment, each with its own results, and reports the SLO answer', async () => {
    const run = await applyLocal('local-multi-slo.yaml');
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/\[INFO\] Benchmark 1 of 2: benchmark_1\n/);
    expect(run.stdout).toMatch(/\[INFO\] Benchmark 2 of 2: benchmark_2\n/);
    expect(run.stdout).toMatch(/\[INFO\] All 2 benchmarks completed successfully\n/);
    for (const n of [1, 2]) expect(existsSync(join(run.logs, `bench_${n}`, 'sa-bench_isl_32_osl_8', 'benchmark-rollup.json')), `bench_${n}`).toBe(true);
    const search = JSON.parse(readFileSync(join(run.logs, 'bench_2', 'sa-bench_isl_32_osl_8', 'slo-search.json'), 'utf8'));
    expect(search).toMatchObject({ search: 'concurrency', ended: 'max-load', answer: { load: 8, pass: true } });
    expect(search.probes.map((p: { load: number }) => p.load)).toStrictEqual([1, 2, 4, 8]);
    const html = readFileSync(join(run.dir, 'outputs', run.jobId, 'report.html'), 'utf8');
    expect(html).toContain('Throughput per GPU vs interactivity (Pareto frontier)');
    expect(html).toContain('largest concurrency meeting the SLO (ttft_p99_ms ≤ 5000, itl_p99_ms ≤ 500): <b>8</b>');
    await expectNothingLeft(run.dir);
  });

  it('serves a mock aggregated deployment behind the SGLang router format until cancelled, then shuts down cleanly (exit 1, as for any cancel)', async () => {
    const cancel = new AbortController();
    const dir = await makeRunDir('srt-e2e-local-');
    const env = nodeEnv({ cwd: dir });
    const loaded = await loadConfig(join(RECIPES, 'local-agg.yaml'), { env, backends: backendSchemas });
    const stdout = captureOutput();
    void stdout.waitFor(/server is ready for testing/, 60_000).then(() => cancel.abort('SIGINT'));
    const code = await runLocal(loaded.config, { env, stdout, stderr: captureOutput(), signal: cancel.signal });
    const run = { dir, code, stdout: stdout.text() };
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toMatch(/^Result: +Run cancelled/m);
    expect(run.stdout).toMatch(/Polling http:\/\/127\.0\.0\.11:8000\/workers every 1\.0s for 0 prefills and 2 decodes \(sglang router mode\)/);
    expect(run.stdout).toMatch(/\[WARNING\] Received signal SIGINT, initiating cleanup\.\.\./);
    expect(run.stdout).toMatch(/^Health: {4}healthy$/m);
    await expectNothingLeft(run.dir);
  });

  it('stops at once when a worker crashes, names it, its node and its log tail, and leaves no process behind', async () => {
    const run = await applyLocal('local-crash.yaml');
    expect(run.code).toBe(1);
    expect(run.seconds).toBeLessThan(20);
    expect(run.stdout).toMatch(/\[ERROR\] Critical process 'decode_1_local-2' exited with code 3/);
    const report = run.stdout.slice(run.stdout.indexOf('FAILURE DETAILS'));
    expect(report).toMatch(/--- Process: decode_1_local-2 ---\n.*Exit code: 3\n.*Node: local-2\n.*Log file: .*\/local-2_decode_w1\.out\n/);
    expect(report).toMatch(/Last 50 lines of log:\n.* {3}\S/);
    expect(run.stdout).toMatch(/^Result: {4}Run failed: decode_1_local-2 on local-2 exited with code 3$/m);
    await expectNothingLeft(run.dir);
  });
});
