import { formatEnvLogLine } from '@srt/backends';
import type { PlannedProcess } from '@srt/core';
import { pyStr, shellJoin, SrtError } from '@srt/core';
import type { RunContext } from './run-context.ts';
import { waitForReadiness } from './wait-for-readiness.ts';

const STAGE_TITLES: Readonly<Record<string, string>> = {
  head: 'Starting head node infrastructure',
  worker: 'Starting backend workers',
  nginx: 'Starting frontend layer',
  frontend: 'Starting frontend layer',
};

/**
 * Starts the deployment's processes in plan order and registers each the moment it is
 * spawned (quirk O1). Head services are waited for (their readiness check, 60 s) before
 * anything else starts; workers are started back to back without waiting for each other;
 * then nginx and the frontends.
 */
export async function startProcesses(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  let stage = '';
  let workers = 0;
  for (const process of ctx.plan.deployment.processes) {
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
    log.info(startMessage(process));
    startOne(ctx, process);
    if (process.role === 'worker') workers += 1;
    if (process.role === 'head') await waitUntilReady(ctx, process);
  }
  if (stage === STAGE_TITLES['worker']) log.info(`Started ${workers} worker processes`);
}

function startMessage(p: PlannedProcess): string {
  if (p.role === 'worker') return `Starting ${p.mode ?? 'worker'} worker ${p.index ?? 0} on ${p.node}`;
  if (p.role === 'nginx') return `Starting nginx on ${p.node}`;
  if (p.role === 'frontend') {
    const kind = p.name.startsWith('sglang_router_') ? 'sglang-router' : 'dynamo frontend';
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

async function waitUntilReady(ctx: RunContext, process: PlannedProcess): Promise<void> {
  const { readiness } = process;
  if (readiness.kind === 'none') return;
  const where = readiness.kind === 'tcp' ? `port ${readiness.port}` : readiness.url;
  ctx.log.info(`Waiting for ${readiness.label} (${where})...`);
  const result = await waitForReadiness(readiness, ctx.env, { timeoutMs: ctx.readinessTimeoutMs, signal: ctx.stop });
  if (result === 'ready') {
    ctx.ledger?.processReady(process.name);
    ctx.log.info(`${readiness.label} is ready`);
    return;
  }
  throwIfStopped(ctx);
  throw new SrtError(
    'SRT_PROCESS_FAILED',
    `${readiness.label} failed to start: ${where} on ${process.node} did not answer within ${Math.round(ctx.readinessTimeoutMs / 1000)} s; see ${process.logFile}`,
  );
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
