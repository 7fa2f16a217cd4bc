import type { PlannedProcess } from '@srt/core';
import { SrtError } from '@srt/core';
import type { RunContext } from './run-context.ts';
import { waitForReadiness } from './wait-for-readiness.ts';

type State = 'waiting' | 'ready' | 'timeout' | 'aborted';

/**
 * The head-services phase (variants-and-workflows.md §6.4): every head service was spawned at
 * `startedAt`; waits for all of them in parallel under one budget (`ctx.readinessTimeoutMs`),
 * logging `Head services: NATS ready, etcd waiting (152 s of 1200 s)` every `progressEveryMs`.
 * Throws `SRT_HEALTH_TIMEOUT` naming each service that never answered, its log and the knob to
 * raise; returns early (without throwing) when the run is stopped.
 */
export async function waitForHeadServices(ctx: RunContext, services: readonly PlannedProcess[], startedAt: number): Promise<void> {
  const awaited = services.filter((p) => p.readiness.kind !== 'none');
  if (awaited.length === 0) return;
  const { log, env } = ctx;
  const budgetMs = ctx.readinessTimeoutMs;
  const budget = `${seconds(budgetMs)} s`;
  const states = new Map<PlannedProcess, State>(awaited.map((p) => [p, 'waiting']));
  for (const p of awaited) log.info(`Waiting for ${label(p)} (${where(p)})...`);
  const done = new AbortController();
  const signal = AbortSignal.any([ctx.stop, done.signal]);
  const waits = awaited.map(async (p) => {
    const remaining = Math.max(0, startedAt + budgetMs - env.now());
    const result = await waitForReadiness(p.readiness, env, { timeoutMs: remaining, signal: ctx.stop });
    states.set(p, result);
    if (result === 'ready') {
      ctx.ledger?.processReady(p.name);
      log.info(`${label(p)} is ready`);
    }
  });
  const progress = (async () => {
    for (;;) {
      await env.sleep(ctx.progressEveryMs, signal);
      if (signal.aborted) return;
      const parts = awaited.map((p) => `${label(p)} ${states.get(p) === 'ready' ? 'ready' : 'waiting'}`);
      log.info(`Head services: ${parts.join(', ')} (${seconds(env.now() - startedAt)} s of ${budget})`);
    }
  })();
  await Promise.all(waits);
  done.abort();
  await progress;
  if (ctx.stop.aborted) return;
  const late = awaited.filter((p) => states.get(p) !== 'ready');
  if (late.length === 0) {
    log.info(`Head services ready in ${seconds(env.now() - startedAt)} s (budget ${budget})`);
    return;
  }
  const imports = late.some((p) => p.container && ctx.plan.runtime.containerRuntime === 'pyxis');
  const what = late.map((p) => `${label(p)} (${where(p)} on ${p.node}) never ${p.readiness.kind === 'tcp' ? 'accepted a connection' : 'answered below HTTP 500'}`).join('; ');
  throw new SrtError(
    'SRT_HEALTH_TIMEOUT',
    `Head services not ready after ${budget}: ${what}${imports ? '; a cold container import can take longer than 300 s' : ''} — see ${late.map((p) => p.logFile).join(', ')}; raise health_check.head_services_timeout_seconds (or default_health_check in srtslurm.yaml)`,
  );
}

function label(p: PlannedProcess): string {
  return p.readiness.kind === 'none' ? p.name : p.readiness.label;
}

function where(p: PlannedProcess): string {
  const r = p.readiness;
  return r.kind === 'tcp' ? `port ${r.port}` : r.kind === 'http' ? r.url : '';
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
