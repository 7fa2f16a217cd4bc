import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isSrtError } from '@srt/core';
import { renderConnectionInfo } from './connection-info.ts';
import type { Executor } from './executor.ts';
import { readLogTail, renderFailureReport } from './failure-report.ts';
import type { Log } from './log.ts';
import { createProcessRegistry, type ProcessFailure } from './process-registry.ts';
import { runBenchmarkStage } from './run-benchmark-stage.ts';
import type { RunContext, RunnablePlan, StopReason } from './run-context.ts';
import { startProcesses } from './start-processes.ts';
import { waitForHealthyDeployment } from './wait-for-healthy-deployment.ts';

export type { RunnablePlan } from './run-context.ts';

export interface RunPlanOptions {
  readonly executor: Executor;
  readonly env: RunContext['env'];
  /** Cancels the run (SIGTERM/SIGINT, scancel): same cleanup as a failure, exit 1. */
  readonly signal?: AbortSignal;
  readonly log: Log;
  /** Between SIGTERM and SIGKILL at cleanup (default 10 s). */
  readonly graceMs?: number;
  /** How long a head service may take to accept connections (default 60 s). */
  readonly readinessTimeoutMs?: number;
  /** How often the health wait prints a progress line (default 30 s). */
  readonly progressEveryMs?: number;
  /** Between benchmark progress lines in the log (default 5000). */
  readonly benchmarkProgressEveryMs?: number;
}

/** How a run ended. */
export type RunOutcome = 'succeeded' | 'benchmark-failed' | 'unhealthy' | 'process-failed' | 'cancelled' | 'error';

export interface RunResult {
  /** The orchestrator's exit status (orchestrator.md §9). */
  readonly exitCode: number;
  readonly outcome: RunOutcome;
  /** True once every expected worker registered with the frontend. */
  readonly healthy: boolean;
  readonly failures: readonly ProcessFailure[];
  /** Exit code of the benchmark process; undefined in manual mode or when it never finished. */
  readonly benchmarkExitCode: number | undefined;
  /** One line saying what happened. */
  readonly summary: string;
}

/**
 * The in-job orchestrator: starts a launch plan stage by stage (head services, workers, frontends),
 * waits for the deployment to be healthy, runs the benchmark (or serves, in manual mode), and always
 * cleans up. A critical process that dies stops the run at once and is named in a failure report.
 *
 * @example
 * const result = await runPlan(plan, { executor: createLocalExecutor({ vars, cwd }), env: nodeEnv(), log });
 * process.exitCode = result.exitCode;
 */
export async function runPlan(plan: RunnablePlan, opts: RunPlanOptions): Promise<RunResult> {
  const { log } = opts;
  const stopper = new AbortController();
  let stopReason: StopReason | undefined;
  const stopWith = (reason: StopReason): void => {
    if (stopReason !== undefined) return;
    stopReason = reason;
    stopper.abort();
  };
  const registry = createProcessRegistry({
    log,
    ...(opts.graceMs === undefined ? {} : { graceMs: opts.graceMs }),
    onFailure: (failure) => {
      log.error(`Critical process failure detected! (${failure.name} on ${failure.node})`);
      stopWith({ kind: 'failure', failure });
    },
  });
  const onCancel = (): void => {
    const reason = describeReason(opts.signal?.reason);
    log.warn(`Received ${/^SIG[A-Z]+$/.test(reason) ? `signal ${reason}` : reason}, initiating cleanup...`);
    stopWith({ kind: 'cancelled', reason });
  };
  if (opts.signal?.aborted) onCancel();
  else opts.signal?.addEventListener('abort', onCancel, { once: true });
  const ctx: RunContext = {
    plan,
    executor: opts.executor,
    env: opts.env,
    log,
    registry,
    stop: stopper.signal,
    stopReason: () => stopReason,
    readinessTimeoutMs: opts.readinessTimeoutMs ?? 60_000,
    progressEveryMs: opts.progressEveryMs ?? 30_000,
    ...(opts.benchmarkProgressEveryMs === undefined ? {} : { benchmarkProgressEveryMs: opts.benchmarkProgressEveryMs }),
  };
  let result: Omit<RunResult, 'failures'>;
  try {
    result = await runStages(ctx);
  } catch (e) {
    result = stageError(ctx, e);
  } finally {
    opts.signal?.removeEventListener('abort', onCancel);
    log.info('Cleanup');
    stopper.abort();
    await registry.cleanup();
  }
  const failures = registry.failures();
  if (failures.length > 0) await logFailureReport(log, failures);
  const final = failures.length > 0 && result.exitCode === 0 ? { ...result, exitCode: 1, outcome: 'process-failed' as const } : result;
  log.info(`${final.summary} (exit code ${final.exitCode})`);
  return { ...final, failures };
}

async function runStages(ctx: RunContext): Promise<Omit<RunResult, 'failures'>> {
  logBanner(ctx);
  await writePlanFiles(ctx);
  await startProcesses(ctx);
  for (const line of renderConnectionInfo(ctx.plan.runtime, ctx.executor.kind)) ctx.log.info(line);
  ctx.log.info('Running benchmark');
  const healthy = await waitForHealthyDeployment(ctx);
  if (!healthy) return stopped(ctx, false);
  const bench = await runBenchmarkStage(ctx);
  if (bench.kind === 'stopped') return stopped(ctx, true);
  if (bench.kind === 'manual') {
    const summary = bench.exitCode === 0 ? 'Manual run ended' : 'Manual run ended after a process failure';
    return { exitCode: bench.exitCode, outcome: bench.exitCode === 0 ? 'succeeded' : 'process-failed', healthy, benchmarkExitCode: undefined, summary };
  }
  const ok = bench.exitCode === 0;
  return {
    exitCode: bench.exitCode,
    outcome: ok ? 'succeeded' : 'benchmark-failed',
    healthy,
    benchmarkExitCode: bench.exitCode,
    summary: ok ? 'Benchmark completed successfully' : `Benchmark failed with exit code ${bench.exitCode}`,
  };
}

/** The result of a run stopped before it finished: by a failure, a cancel, or the health timeout. */
function stopped(ctx: RunContext, healthy: boolean): Omit<RunResult, 'failures'> {
  const reason = ctx.stopReason();
  const base = { exitCode: 1, healthy, benchmarkExitCode: undefined };
  if (reason?.kind === 'failure') {
    const f = reason.failure;
    return { ...base, outcome: 'process-failed', summary: `Run failed: ${f.name} on ${f.node} exited with code ${f.exitCode}` };
  }
  if (reason?.kind === 'cancelled') return { ...base, outcome: 'cancelled', summary: `Run cancelled (${reason.reason})` };
  return { ...base, outcome: 'unhealthy', summary: 'Run failed: the server did not become healthy' };
}

function stageError(ctx: RunContext, e: unknown): Omit<RunResult, 'failures'> {
  if (ctx.stopReason() !== undefined) return stopped(ctx, false);
  const message = isSrtError(e) ? e.message : String((e as Error)?.stack ?? e);
  ctx.log.error(`Error during sweep: ${message}`);
  return { exitCode: 1, outcome: 'error', healthy: false, benchmarkExitCode: undefined, summary: `Run failed: ${isSrtError(e) ? e.message : String((e as Error)?.message ?? e)}` };
}

function logBanner(ctx: RunContext): void {
  const { runtime, config } = ctx.plan;
  const { log } = ctx;
  log.info('Sweep Orchestrator');
  log.info(`Job ID: ${runtime.jobId}`);
  log.info(`Run name: ${runtime.runName}`);
  log.info(`Config: ${config.name}`);
  log.info(`Head node: ${runtime.nodes.head}`);
  log.info(`Worker nodes: ${runtime.nodes.worker.join(', ')}`);
  log.info(`Executor: ${ctx.executor.kind}`);
  for (const warning of runtime.warnings) log.warn(warning);
  const p = config.profiling;
  if (p.type !== 'none') log.info(`Profiling: ${p.type} (isl=${p.isl}, osl=${p.osl}, concurrency=${p.concurrency})`);
}

async function writePlanFiles(ctx: RunContext): Promise<void> {
  await mkdir(ctx.plan.runtime.logDir, { recursive: true });
  for (const file of ctx.plan.deployment.files) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.content);
    ctx.log.info(`Wrote ${file.path}`);
  }
}

async function logFailureReport(log: Log, failures: readonly ProcessFailure[]): Promise<void> {
  const withTails = await Promise.all(failures.map(async (failure) => ({ failure, tail: await readLogTail(failure.logFile) })));
  for (const line of renderFailureReport(withTails)) log.error(line);
}

function describeReason(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  return 'cancel request';
}
