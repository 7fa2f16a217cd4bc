import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PlannedProcess } from '@srt/core';
import { SrtError } from '@srt/core';
import { benchmarkProgressFile, customResultProblems, effectiveBenchmarkType, formatSaProgress, getBenchmarkRunner, readProgressFile } from '@srt/benchmarks';
import { findResultFiles } from './find-result-files.ts';
import { exitCodeOf, type ExitStatus } from './executor.ts';
import { frontendUrl } from './connection-info.ts';
import type { RunContext } from './run-context.ts';
import { startOne } from './start-processes.ts';
import { describeUnhealthy, probeWorkers } from './unhealthy-workers.ts';

/** What the benchmark stage ended with. */
export type BenchmarkOutcome =
  | { readonly kind: 'finished'; readonly exitCode: number }
  | { readonly kind: 'manual'; readonly exitCode: number }
  | { readonly kind: 'stopped' };

/**
 * Runs the plan's benchmark process (registered, non-critical: cleanup stops it, quirk O3)
 * and returns its exit code, or serves until stopped in manual mode. With
 * `health.benchmarkTimeoutMs` a benchmark still running then throws `SRT_HEALTH_TIMEOUT`
 * (cleanup then stops it: SIGTERM, grace, SIGKILL).
 */
export async function runBenchmarkStage(ctx: RunContext): Promise<BenchmarkOutcome> {
  const { plan, log } = ctx;
  const benchmark = plan.benchmark;
  ctx.ledger?.endpoint(frontendUrl(plan.runtime, ctx.executor.kind));
  if (benchmark === undefined) return serveManually(ctx);
  ctx.ledger?.phase('benchmark');
  const { benchmark: configured, profiling } = plan.config;
  const type = effectiveBenchmarkType(plan.config);
  if (profiling.type !== 'none' && configured.type !== type) {
    log.info(`Profiling enabled (type=${profiling.type}) - automatically using 'profiling' benchmark`);
    log.info(`Profiling config: isl=${profiling.isl}, osl=${profiling.osl}, concurrency=${profiling.concurrency}`);
  }
  const steps = plan.benchmarkSteps && plan.benchmarkSteps.length > 0 ? plan.benchmarkSteps : [benchmark];
  let firstFailure = 0;
  const budgetMs = plan.deployment.health.benchmarkTimeoutMs;
  const deadline = budgetMs === undefined ? undefined : ctx.env.now() + budgetMs;
  for (const [i, step] of steps.entries()) {
    if (steps.length > 1) log.info(`Benchmark ${i + 1} of ${steps.length}: ${step.name}`);
    else log.info(`Running ${runnerName(type)} benchmark`);
    const outcome = await runOneBenchmark(ctx, step, steps.length === 1 ? type : undefined, deadline);
    if (outcome.kind === 'stopped') return outcome;
    if (firstFailure === 0) firstFailure = outcome.exitCode;
  }
  if (steps.length > 1) {
    if (firstFailure === 0) log.info(`All ${steps.length} benchmarks completed successfully`);
    else log.error(`A benchmark failed (first failure exit code ${firstFailure}); the others ran anyway, their results are under ${plan.runtime.logDir}`);
  }
  return { kind: 'finished', exitCode: firstFailure };
}

/** Starts one benchmark process, relays its progress and waits for it (or for the run to stop). */
async function runOneBenchmark(ctx: RunContext, benchmark: PlannedProcess, type: string | undefined, deadline: number | undefined): Promise<BenchmarkOutcome> {
  const { log } = ctx;
  if (benchmark.argv[0] === 'bash' && benchmark.argv[1] !== undefined) log.info(`Script: ${benchmark.argv[1]}`);
  const progressFile = benchmarkProgressFile(dirname(benchmark.logFile));
  await rm(progressFile, { force: true });
  startOne(ctx, { ...benchmark, critical: false });
  const handle = ctx.registry.get(benchmark.name)?.handle;
  if (handle === undefined) throw new Error('benchmark was not registered');
  // One budget for the whole benchmark phase (every step of a list), from its first start.
  const limitMs = deadline === undefined ? undefined : Math.max(0, deadline - ctx.env.now());
  const finished = new AbortController();
  const limit = limitMs === undefined ? new Promise<never>(() => undefined) : ctx.env.sleep(limitMs, finished.signal).then(() => 'timeout' as const);
  const relay = new AbortController();
  const relaying = relayProgress(ctx, progressFile, AbortSignal.any([relay.signal, ctx.stop]));
  // Results so far: each finished concurrency point shows up in status.json while the benchmark runs.
  const refresh = setInterval(() => ctx.ledger?.refreshResults(), RESULTS_REFRESH_MS);
  const status = await Promise.race([handle.exited, stopped(ctx.stop), limit]).finally(() => clearInterval(refresh));
  finished.abort();
  relay.abort();
  await relaying;
  ctx.ledger?.refreshResults();
  if (status === 'timeout' && !ctx.stop.aborted) {
    const seconds = Math.round((ctx.plan.deployment.health.benchmarkTimeoutMs ?? 0) / 1000);
    throw new SrtError('SRT_HEALTH_TIMEOUT', `Benchmark stopped after health_check.benchmark_timeout_seconds (${seconds} s): ${benchmark.name} on ${benchmark.node} was still running; see ${benchmark.logFile}; raise health_check.benchmark_timeout_seconds`);
  }
  if (status === undefined || status === 'timeout') {
    log.info('Stop requested, terminating benchmark');
    return { kind: 'stopped' };
  }
  let exitCode = benchmarkExitCode(status);
  if (exitCode === 0 && type === 'custom') exitCode = checkCustomResults(ctx);
  if (exitCode === 0) log.info('Benchmark completed successfully');
  else {
    log.error(`Benchmark failed with exit code ${exitCode}${status.error ? ` (${status.error})` : ''}`);
    // A stalled or failed benchmark names the worker behind it that stopped answering (issue 10).
    const probes = await probeWorkers(ctx);
    if (probes.some((p) => !p.healthy)) for (const line of describeUnhealthy(probes)) log.error(`After the benchmark failed: ${line}`);
  }
  return { kind: 'finished', exitCode };
}

/** The validity gate on sa-bench-shaped JSON results a custom command wrote under the log directory: 1 when one fails. */
function checkCustomResults(ctx: RunContext): number {
  const files = findResultFiles(ctx.plan.runtime.logDir)
    .filter((p) => p.endsWith('.json'))
    .map((path) => {
      try {
        return { path, json: JSON.parse(readFileSync(path, 'utf8')) as unknown };
      } catch {
        return { path, json: undefined };
      }
    });
  const problems = customResultProblems(files, ctx.plan.config.benchmark.max_failed_requests ?? 0);
  for (const p of problems) ctx.log.error(`Invalid benchmark result: ${p}`);
  ctx.log.info(`Custom benchmark exited with code 0 (results: whatever the command wrote under ${ctx.plan.runtime.logDir})`);
  return problems.length > 0 ? 1 : 0;
}

const RESULTS_REFRESH_MS = 5000;

/**
 * Logs the benchmark's progress (`Benchmark progress: [measure c=64, point 2/5] 120/320 done, …, ETA 17 s`)
 * every few seconds while it runs, when the load generator's progress file changed.
 */
async function relayProgress(ctx: RunContext, file: string, signal: AbortSignal): Promise<void> {
  let last = '';
  const every = ctx.benchmarkProgressEveryMs ?? 5000;
  while (!signal.aborted) {
    await ctx.env.sleep(every, signal).catch(() => {});
    if (signal.aborted) return;
    const p = await readProgressFile(file);
    const line = p === undefined ? '' : formatSaProgress(p);
    if (line !== '' && line !== last) ctx.log.info(`Benchmark progress: ${line}`);
    last = line || last;
  }
}

/** The runner's display name (`SA-Bench`, `Profiling`, …); the type itself when it has no runner. */
function runnerName(type: string): string {
  try {
    return getBenchmarkRunner(type).name;
  } catch {
    return type;
  }
}

function benchmarkExitCode(status: ExitStatus): number {
  const code = exitCodeOf(status);
  return code < 0 ? 1 : code;
}

/**
 * Manual mode (orchestrator.md §8): the deployment stays up until the run is stopped.
 * A critical failure ends it with 1 (quirk O2); a cancel (SIGTERM/SIGINT, scancel) ends it
 * as a stopped run, exit 1 as orchestrator.md §9 says, after the same clean shutdown.
 */
async function serveManually(ctx: RunContext): Promise<BenchmarkOutcome> {
  const { log, plan } = ctx;
  ctx.ledger?.phase('serving');
  log.info("Benchmark type is 'manual' - server is ready for testing");
  log.info(`Frontend URL: ${frontendUrl(plan.runtime, ctx.executor.kind)}`);
  log.info(ctx.executor.kind === 'local' ? 'Press Ctrl+C to stop' : 'Press Ctrl+C (or scancel the job) to stop the job');
  await stopped(ctx.stop);
  if (ctx.registry.failures().length > 0) {
    log.error('Worker failure detected during manual mode');
    return { kind: 'manual', exitCode: 1 };
  }
  return { kind: 'stopped' };
}

/** Resolves (with undefined) once `signal` aborts. */
function stopped(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(undefined);
    signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}
