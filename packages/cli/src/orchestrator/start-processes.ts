import { formatEnvLogLine } from '@srt/backends/plan';
import type { PlannedProcess, StartGate } from '@srt/core';
import { pyStr, shellJoin, SrtError, waitForHealth } from '@srt/core';
import type { JobPhase } from '../ledger/job-status.ts';
import { exitCodeOf } from './executor.ts';
import type { RunContext } from './run-context.ts';
import { waitForHeadServices } from './wait-for-head-services.ts';

const STAGE_TITLES: Readonly<Record<string, string>> = {
  head: 'Starting head node infrastructure',
  download: 'Pre-downloading the model',
  worker: 'Starting backend workers',
  nginx: 'Starting frontend layer',
  frontend: 'Starting frontend layer',
};

const PHASES: Readonly<Record<string, JobPhase>> = { head: 'head-services', download: 'model-download', worker: 'workers' };

/** When each phase's clock started (`env.now()` of its first spawn); absent when the plan has none. */
export interface PhaseStarts {
  readonly workers?: number;
  readonly frontends?: number;
}

/**
 * Starts the deployment's processes in plan order and registers each the moment it is
 * spawned (quirk O1). The head services are spawned together and awaited in parallel under
 * one budget (`waitForHeadServices`) before anything else starts; workers are started back
 * to back without waiting for each other; then nginx and the frontends. Returns when the
 * worker and frontend phases started, for their deadlines.
 */
export async function startProcesses(ctx: RunContext): Promise<PhaseStarts> {
  const { log } = ctx;
  let stage = '';
  let workers = 0;
  let heads: PlannedProcess[] = [];
  let headsStartedAt = 0;
  const starts: { workers?: number; frontends?: number } = {};
  const awaitHeads = async (): Promise<void> => {
    if (heads.length === 0) return;
    await waitForHeadServices(ctx, heads, headsStartedAt);
    heads = [];
    throwIfStopped(ctx);
  };
  const gates = ctx.plan.deployment.gates ?? [];
  const pending: Promise<void>[] = [];
  for (const process of ctx.plan.deployment.processes) {
    if (process.role !== 'head') await awaitHeads();
    throwIfStopped(ctx);
    const title = STAGE_TITLES[process.role] ?? 'Starting processes';
    if (title !== stage) {
      if (stage === STAGE_TITLES['worker']) log.info(`Started ${workers} worker processes`);
      stage = title;
      ctx.ledger?.phase(PHASES[process.role] ?? 'frontends');
      log.info(title);
      if (process.role === 'head') log.info(`Head node: ${process.node}`);
      if (title === STAGE_TITLES['frontend']) logFrontendTopology(ctx);
    }
    const waitFor = gates.filter((g) => g.before.includes(process.name));
    if (process.role === 'worker') workers += 1;
    // A phase's clock starts at its first spawn (a gated process counts when it really starts).
    const spawn = (): void => {
      log.info(startMessage(process));
      if (process.role === 'head' && heads.length === 0) headsStartedAt = ctx.env.now();
      if (process.role === 'worker') starts.workers ??= ctx.env.now();
      if (process.role === 'frontend' || process.role === 'nginx') starts.frontends ??= ctx.env.now();
      startOne(ctx, process);
    };
    if (waitFor.length > 0) {
      // Gated (trtllm_serve orchestrator, sequential_node_start batches): start once every gate
      // passed, without holding up the processes of other nodes.
      pending.push(passGates(ctx, waitFor).then(() => (throwIfStopped(ctx), spawn())));
      continue;
    }
    spawn();
    if (process.role === 'head') heads.push(process);
    if (process.runsToCompletion !== undefined) await runToCompletion(ctx, process, process.runsToCompletion.timeoutMs);
  }
  await awaitHeads();
  if (stage === STAGE_TITLES['worker']) log.info(`Started ${workers} worker processes`);
  await Promise.all(pending);
  return starts;
}

/**
 * Waits for a one-shot step (the `hf:` model pre-download) to exit: 0 lets the next processes
 * start; a non-zero exit stops the run (the registry reports the critical process); still running
 * after `timeoutMs` is `SRT_HEALTH_TIMEOUT`. A stopped run throws its reason.
 */
async function runToCompletion(ctx: RunContext, process: PlannedProcess, timeoutMs: number): Promise<void> {
  const handle = ctx.registry.get(process.name)?.handle;
  if (handle === undefined) throw new Error(`${process.name} was not registered`);
  const started = ctx.env.now();
  const done = new AbortController();
  const stopped = new Promise<'stopped'>((resolve) => (ctx.stop.aborted ? resolve('stopped') : ctx.stop.addEventListener('abort', () => resolve('stopped'), { once: true, signal: done.signal })));
  const limit = ctx.env.sleep(timeoutMs, done.signal).then(() => 'timeout' as const, () => 'stopped' as const);
  const status = await Promise.race([handle.exited, stopped, limit]).finally(() => done.abort());
  const where = `${process.name} on ${process.node}`;
  if (status === 'timeout' && !ctx.stop.aborted) {
    throw new SrtError('SRT_HEALTH_TIMEOUT', `Model pre-download stopped after ${Math.round(timeoutMs / 1000)} s: ${where} was still running; see ${process.logFile}`);
  }
  const exit = typeof status === 'object' ? status : ctx.registry.get(process.name)?.status;
  if (exit !== undefined && exitCodeOf(exit) === 0) {
    ctx.log.info(`${where} finished in ${((ctx.env.now() - started) / 1000).toFixed(1)}s`);
    return;
  }
  if (exit !== undefined) ctx.log.error(`The hf: model pre-download failed: ${where} exited with code ${exitCodeOf(exit)}; the workers were not started (log: ${process.logFile})`);
  throwIfStopped(ctx);
  throw new SrtError('SRT_PROCESS_FAILED', `${where} did not finish`);
}

/** Budget of every gate wait: one deadline from now, the health check's (E12: shared, not per gate). */
const gateDeadlines = new WeakMap<RunContext, number>();

/**
 * Waits until every gate's `/health` answers 200, all at once, under one deadline shared by
 * all gates of the run (E12); aborts when the run stops (E10). Throws the gate's message.
 */
async function passGates(ctx: RunContext, gates: readonly StartGate[]): Promise<void> {
  const health = ctx.plan.deployment.health;
  if (!gateDeadlines.has(ctx)) gateDeadlines.set(ctx, ctx.env.now() + health.timeoutMs);
  const deadline = gateDeadlines.get(ctx)!;
  await Promise.all(
    gates.map(async (gate) => {
      ctx.log.info(`Waiting for ${gate.label}`);
      const left = Math.max(0, deadline - ctx.env.now());
      const outcome = await waitForHealth({
        baseUrl: gate.url.replace(/\/health$/, ''),
        maxAttempts: Math.max(1, Math.ceil(left / health.intervalMs)),
        intervalMs: health.intervalMs,
        env: ctx.env,
        signal: ctx.stop,
      });
      if (outcome.ok) return ctx.log.info(`${gate.label} is ready`);
      throwIfStopped(ctx);
      throw new SrtError('SRT_PROCESS_FAILED', outcome.reason === 'aborted' ? `${gate.label}: wait aborted` : gate.failure);
    }),
  );
}

function startMessage(p: PlannedProcess): string {
  if (p.role === 'worker') {
    const rank = /_r(\d+)$/.exec(p.name)?.[1];
    return `Starting ${p.mode ?? 'worker'} worker ${p.index ?? 0}${rank === undefined ? '' : ` rank ${rank}`} on ${p.node}`;
  }
  if (p.role === 'nginx') return `Starting nginx on ${p.node}`;
  if (p.role === 'frontend') {
    const kind = p.name.startsWith('sglang_router_') ? 'sglang-router' : p.name === 'trtllm_serve_orchestrator' ? 'trtllm-serve orchestrator' : 'dynamo frontend';
    return `Starting ${kind} ${p.index ?? 0} on ${p.node}`;
  }
  if (p.role === 'download') return `Starting ${p.name} on ${p.node} (${p.argv.at(-1) ?? 'model'})`;
  return `Starting ${p.name} on ${p.node}`;
}

/** `Frontend topology: nginx on <head>, <k> frontends on ['n1', 'n2']` (orchestrator.md §2.3), only when nginx is used. */
function logFrontendTopology(ctx: RunContext): void {
  const topology = ctx.plan.deployment.frontendTopology;
  if (topology === undefined || !topology.usesNginx || topology.nginxNode === undefined) return;
  ctx.log.info(`Frontend topology: nginx on ${topology.nginxNode}, ${topology.frontendNodes.length} frontends on ${pyStr(topology.frontendNodes)}`);
}

/** Spawns one process through the executor and registers it at once. */
export function startOne(ctx: RunContext, process: PlannedProcess): void {
  const { log } = ctx;
  if (process.env.length > 0) log.info(formatEnvLogLine(process.env));
  log.info(`Command: ${shellJoin(process.argv)}`);
  log.info(`Log: ${process.logFile}`);
  log.debug(`Starting ${ctx.executor.kind === 'slurm' ? 'srun' : 'process'}: ${shellJoin(ctx.executor.command(process))}`);
  const handle = ctx.executor.start(process);
  ctx.ledger?.processStarted(process, handle.pid);
  ctx.registry.add(process, handle);
}

/** Throws the run's stop reason when the run has been stopped. */
function throwIfStopped(ctx: RunContext): void {
  const reason = ctx.stopReason();
  if (reason === undefined) return;
  throw new SrtError(
    reason.kind === 'failure' ? 'SRT_PROCESS_FAILED' : 'SRT_ABORTED',
    reason.kind === 'failure'
      ? `critical process '${reason.failure.name}' on ${reason.failure.node} exited with code ${reason.failure.exitCode}`
      : `run cancelled (${reason.reason})`,
  );
}
