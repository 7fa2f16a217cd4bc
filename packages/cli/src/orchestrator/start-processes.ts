import { formatEnvLogLine } from '@srt/backends/plan';
import type { PlannedProcess, StartGate } from '@srt/core';
import { pyStr, shellJoin, SrtError, waitForHealth } from '@srt/core';
import type { RunContext } from './run-context.ts';
import { waitForHeadServices } from './wait-for-head-services.ts';

const STAGE_TITLES: Readonly<Record<string, string>> = {
  head: 'Starting head node infrastructure',
  worker: 'Starting backend workers',
  nginx: 'Starting frontend layer',
  frontend: 'Starting frontend layer',
};

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
      ctx.ledger?.phase(process.role === 'head' ? 'head-services' : process.role === 'worker' ? 'workers' : 'frontends');
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
  }
  await awaitHeads();
  if (stage === STAGE_TITLES['worker']) log.info(`Started ${workers} worker processes`);
  await Promise.all(pending);
  return starts;
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
