import { waitForModel, type ModelWaitProgress } from '@srt/core';
import type { RunContext } from './run-context.ts';
import { describeUnhealthy, probeWorkers } from './unhealthy-workers.ts';

/**
 * The health wait of orchestrator.md §2.4 over `waitForModel`: polls the frontend until every
 * expected worker registered, logging a progress line (ready/expected counts and the last
 * HTTP status, quirk H3) every `progressEveryMs`. Returns false on timeout or when the run stops.
 */
export async function waitForHealthyDeployment(ctx: RunContext): Promise<boolean> {
  const { log } = ctx;
  const health = ctx.plan.deployment.health;
  const total = health.expectedPrefill + health.expectedDecode;
  log.info(`Waiting for server health (expecting ${total} workers: ${describeWorkers(ctx)})...`);
  const outcome = await waitForModel({
    url: health.url,
    format: health.format,
    expectedPrefill: health.expectedPrefill,
    expectedDecode: health.expectedDecode,
    intervalMs: health.intervalMs,
    timeoutMs: health.timeoutMs,
    reportEveryMs: ctx.progressEveryMs,
    env: ctx.env,
    signal: ctx.stop,
    onProgress: (event) => {
      if (event.kind === 'waiting') log.info(progressLine(event));
      else if (event.level === 'error') log.error(event.message);
      else if (event.level === 'warn') log.warn(event.message);
      else log.info(event.message);
    },
  });
  if (outcome.ok) {
    log.info('Server is healthy');
    return true;
  }
  if (outcome.reason === 'timeout') {
    log.error('Server did not become healthy');
    for (const line of describeUnhealthy(await probeWorkers(ctx))) log.error(line);
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
function progressLine(p: ModelWaitProgress): string {
  const counts = `${p.prefillReady}/${p.prefillExpected} prefill, ${p.decodeReady}/${p.decodeExpected} decode ready`;
  const probe = p.probe;
  const last = probe === undefined ? 'no answer yet' : probe.kind === 'health' ? 'HTTP 200' : probe.kind === 'status' ? `HTTP ${probe.status}` : `no answer: ${probe.error}`;
  return `Health: ${counts} (${last}, ${Math.round(p.elapsedMs / 1000)} s)`;
}
