import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isSrtError, writeOutputFile } from '@srt/core';
import type { DiagnosisRecord } from '../ledger/job-status.ts';
import { NO_LEDGER, type RunLedger } from '../ledger/run-ledger.ts';
import { renderConnectionInfo } from './connection-info.ts';
import { RESERVE_BYTES, RESERVE_FILE, type DiskReserve, type FullDisk } from './disk-reserve.ts';
import type { Executor } from './executor.ts';
import { describeCancel, describeProcessFailure, portInUse } from './end-diagnosis.ts';
import { readLogTail, renderFailureReport, type LogTail } from './failure-report.ts';
import { findResultFiles } from './find-result-files.ts';
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
  /** Overrides the plan's head-services budget (`health.headServicesTimeoutMs`, from `health_check.head_services_timeout_seconds`). */
  readonly readinessTimeoutMs?: number;
  /** How often the health wait prints a progress line (default 30 s). */
  readonly progressEveryMs?: number;
  /** Records every transition (status.json); default: none. */
  readonly ledger?: RunLedger;
  /**
   * Called once the run ended and cleaned up, before the last line: prints and returns the
   * diagnosis of a failed run (see `diagnoseEndedRun`). Default: none.
   */
  readonly onEnded?: (result: RunResult) => Promise<RunResult['diagnosis']>;
  /** Between benchmark progress lines in the log (default 5000). */
  readonly benchmarkProgressEveryMs?: number;
  /**
   * The node this orchestrator runs on (`SLURMD_NODENAME` under Slurm): a process of that node
   * that found its port taken is diagnosed with the port's holder, as `ss` shows it here. Every
   * node is this machine with the local executor.
   */
  readonly thisNode?: string;
  /**
   * The run's space reserve in its log folder: at the end, a full disk for the outputs (a write
   * of the run that failed with ENOSPC, or a test write) fails the run, and the reserve is deleted
   * to write the last lines and status.json. Default: none.
   */
  readonly reserve?: DiskReserve;
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
  /** The first cause of a failed run, when `onEnded` diagnosed it. */
  readonly diagnosis?: DiagnosisRecord | undefined;
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
  const ledger = opts.ledger ?? NO_LEDGER;
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
    onExit: (process, status, duringCleanup) => ledger.processExited(process.name, status, duringCleanup),
    onFailure: (failure) => {
      log.error(`Critical process failure detected! (${failure.name} on ${failure.node})`);
      stopWith({ kind: 'failure', failure });
    },
  });
  const onCancel = (): void => {
    const reason = describeReason(opts.signal?.reason);
    log.warn(`Received ${/^SIG[A-Z]+$/.test(reason) ? `signal ${reason}` : reason}, initiating cleanup...`);
    ledger.cancelled(reason);
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
    ledger,
    stop: stopper.signal,
    stopReason: () => stopReason,
    readinessTimeoutMs: opts.readinessTimeoutMs ?? plan.deployment.health.headServicesTimeoutMs,
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
    ledger.phase('cleanup');
    stopper.abort();
    await registry.cleanup();
  }
  const failures = registry.failures();
  const tails = failures.length > 0 ? await logFailureReport(log, failures) : [];
  const failed = failures.length > 0 && result.exitCode === 0 ? { ...result, exitCode: 1, outcome: 'process-failed' as const } : result;
  const diagnosed = await diagnoseEnd(ctx, failed, tails, opts.thisNode);
  const full = opts.reserve === undefined ? undefined : await opts.reserve.findFull();
  const final = full === undefined ? diagnosed : await reportFullDisk(ctx, opts.reserve!, full, diagnosed);
  const ended: RunResult = { ...final, failures };
  const diagnosis = final.exitCode === 0 || opts.onEnded === undefined ? undefined : await opts.onEnded(ended).catch(() => undefined);
  ledger.finish({ result: final.outcome, exit_code: final.exitCode, summary: final.summary, ...(diagnosis === undefined ? {} : { diagnosis }) });
  log.info(`${final.summary} (exit code ${final.exitCode})`);
  return diagnosis === undefined ? ended : { ...ended, diagnosis };
}

async function runStages(ctx: RunContext): Promise<Omit<RunResult, 'failures'>> {
  logBanner(ctx);
  await writePlanFiles(ctx);
  const starts = await startProcesses(ctx);
  for (const line of renderConnectionInfo(ctx.plan.runtime, ctx.executor.kind)) ctx.log.info(line);
  ctx.log.info('Running benchmark');
  const healthy = await waitForHealthyDeployment(ctx, starts);
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
  if (reason?.kind === 'cancelled') return { ...base, outcome: 'cancelled', summary: `Run cancelled (${describeCancel(reason.reason, ctx.executor.kind)})` };
  return { ...base, outcome: 'unhealthy', summary: 'Run failed: the server did not become healthy' };
}

function stageError(ctx: RunContext, e: unknown): Omit<RunResult, 'failures'> {
  if (ctx.stopReason() !== undefined) return stopped(ctx, false);
  if (isSrtError(e) && e.code === 'SRT_HEALTH_TIMEOUT') return deadlineMissed(ctx, e.message);
  const message = isSrtError(e) ? e.message : String((e as Error)?.stack ?? e);
  ctx.log.error(`Error during sweep: ${message}`);
  return { exitCode: 1, outcome: 'error', healthy: false, benchmarkExitCode: undefined, summary: `Run failed: ${isSrtError(e) ? e.message : String((e as Error)?.message ?? e)}` };
}

/** A phase budget ran out (variants-and-workflows.md §6.4): the message names the phase, what it saw last and the knob. */
function deadlineMissed(ctx: RunContext, message: string): Omit<RunResult, 'failures'> {
  ctx.log.error(`SRT_HEALTH_TIMEOUT ${message}`);
  const benchmark = message.startsWith('Benchmark ');
  const headline = message.slice(0, message.indexOf(':') < 0 ? undefined : message.indexOf(':'));
  return { exitCode: 1, outcome: benchmark ? 'benchmark-failed' : 'unhealthy', healthy: benchmark, benchmarkExitCode: undefined, summary: `Run failed: ${headline}` };
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
  for (const warning of [...runtime.warnings, ...(ctx.plan.deployment.warnings ?? [])]) log.warn(warning);
  const p = config.profiling;
  if (p.type !== 'none') log.info(`Profiling: ${p.type} (isl=${p.isl}, osl=${p.osl}, concurrency=${p.concurrency})`);
}

async function writePlanFiles(ctx: RunContext): Promise<void> {
  await mkdir(ctx.plan.runtime.logDir, { recursive: true });
  for (const file of ctx.plan.deployment.files) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeOutputFile(file.path, file.content);
    ctx.log.info(`Wrote ${file.path}`);
  }
}

async function logFailureReport(log: Log, failures: readonly ProcessFailure[]): Promise<readonly { readonly failure: ProcessFailure; readonly tail: LogTail }[]> {
  const withTails = await Promise.all(failures.map(async (failure) => ({ failure, tail: await readLogTail(failure.logFile) })));
  for (const line of renderFailureReport(withTails)) log.error(line);
  return withTails;
}

/**
 * The run's last lines say what happened and which process (issue 10): the process that stopped
 * the run (its signal, or the port it found taken, and the process holding it when visible), and
 * the benchmark results kept so far when a run did not succeed.
 */
async function diagnoseEnd(
  ctx: RunContext, result: Omit<RunResult, 'failures'>, tails: readonly { readonly failure: ProcessFailure; readonly tail: LogTail }[], thisNode: string | undefined,
): Promise<Omit<RunResult, 'failures'>> {
  if (result.exitCode === 0) return result;
  let summary = result.summary;
  const reason = ctx.stopReason();
  if (reason?.kind === 'failure') {
    const first = tails.find((t) => t.failure.name === reason.failure.name) ?? { failure: reason.failure, tail: { kind: 'empty' as const } };
    const taken = portInUse(first.tail, ctx.plan.runtime.frontendPort);
    // `ss` shows the listeners of this machine (and network namespace): every node of the local
    // executor, and under Slurm the node this orchestrator runs on (the head node, where the frontend is).
    const here = ctx.executor.kind === 'local' || (thisNode !== undefined && thisNode !== '' && first.failure.node === thisNode);
    const holder = taken?.port !== undefined && here
      ? await (await import('./port-holder.ts')).findPortHolder(taken.port)
      : undefined;
    summary = describeProcessFailure(first.failure, first.tail, { frontendPort: ctx.plan.runtime.frontendPort, ...(holder === undefined ? {} : { holder }) });
  }
  const kept = findResultFiles(ctx.plan.runtime.logDir);
  if (kept.length > 0) ctx.log.info(`Results kept: ${kept.length} benchmark result file${kept.length === 1 ? '' : 's'} under ${ctx.plan.runtime.logDir}`);
  return { ...result, summary };
}

/**
 * The outputs' disk is full: nothing more of the run can be written, not even this log. Frees
 * the reserve, says so (the file that failed, the folder) and fails the run.
 */
async function reportFullDisk(ctx: RunContext, reserve: DiskReserve, full: FullDisk, result: Omit<RunResult, 'failures'>): Promise<Omit<RunResult, 'failures'>> {
  await reserve.release();
  const { logDir } = ctx.plan.runtime;
  ctx.log.error(`SRT_OUTPUT_FAILED ${full.message}`);
  ctx.log.error(
    `The disk of the outputs is full (${logDir}): lines of this log and files written since it filled may be missing; srtctl deleted its ${RESERVE_BYTES / 1024} KiB reserve (${RESERVE_FILE}) to write these last lines and status.json`,
  );
  const what = full.file === undefined ? '' : ` (could not write ${full.file})`;
  return { ...result, exitCode: 1, outcome: result.outcome === 'succeeded' ? 'error' : result.outcome, summary: `Run failed: SRT_OUTPUT_FAILED: the disk of the outputs is full${what}` };
}

function describeReason(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  return 'cancel request';
}
