import type { RunContext } from './run-context.ts';
import { waitForWorkers, type HealthProgress } from './wait-for-workers.ts';

/**
 * The health wait of orchestrator.md §2.4: polls the frontend until every expected worker
 * registered, printing a progress line (ready/expected counts, last status) every
 * `progressEveryMs`. Returns false on timeout or when the run is stopped.
 */
export async function waitForHealthyDeployment(ctx: RunContext): Promise<boolean> {
  const { log } = ctx;
  const health = ctx.plan.deployment.health;
  const total = health.expectedPrefill + health.expectedDecode;
  const desc = describeWorkers(ctx);
  log.info(`Waiting for server health (expecting ${total} workers: ${desc})...`);
  log.info(`Polling ${health.url} every ${(health.intervalMs / 1000).toFixed(1)}s for ${health.expectedPrefill} prefills and ${health.expectedDecode} decodes${health.format === 'sglang-router' ? ' (sglang router mode)' : ''}`);
  let lastReport = ctx.env.now();
  const outcome = await waitForWorkers(health, ctx.env, {
    signal: ctx.stop,
    onProgress: (p) => {
      if (ctx.env.now() - lastReport < ctx.progressEveryMs) return;
      lastReport = ctx.env.now();
      log.info(progressLine(p, health.expectedPrefill, health.expectedDecode));
    },
  });
  if (outcome.ready) {
    log.info(outcome.message);
    log.info('Server is healthy');
    return true;
  }
  if (outcome.reason === 'timeout') {
    log.error(`Model did not get healthy in ${Math.round(health.timeoutMs / 1000)} seconds`);
    log.error('Server did not become healthy');
  } else {
    log.warn('Wait for model aborted by stop request');
  }
  return false;
}

function describeWorkers(ctx: RunContext): string {
  const workers = ctx.plan.deployment.processes.filter((p) => p.role === 'worker');
  const count = (mode: string): number => new Set(workers.filter((p) => p.mode === mode).map((p) => p.index)).size;
  const agg = count('agg');
  return agg > 0 ? `${agg} agg` : `${count('prefill')}P + ${count('decode')}D`;
}

/** `Health: 1/1 prefill, 1/2 decode ready (HTTP 200, 42 s)`: what the wait sees, status codes included (quirk H3). */
export function progressLine(p: HealthProgress, expectedPrefill: number, expectedDecode: number): string {
  const r = p.result;
  const counts = `${r?.prefillReady ?? 0}/${expectedPrefill} prefill, ${r?.decodeReady ?? 0}/${expectedDecode} decode ready`;
  const last = 'status' in p.last ? `HTTP ${p.last.status}` : `no answer: ${p.last.error}`;
  return `Health: ${counts} (${last}, ${Math.round(p.elapsedMs / 1000)} s)`;
}
