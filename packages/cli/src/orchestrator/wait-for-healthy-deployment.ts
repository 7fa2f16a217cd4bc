import { waitForModel, type ModelWaitProgress } from '@srt/core';
import type { HealthSample } from '../ledger/job-status.ts';
import type { RunContext } from './run-context.ts';

/**
 * The health wait of orchestrator.md §2.4 over `waitForModel`: polls the frontend until every
 * expected worker registered, logging a progress line (ready/expected counts and the last
 * HTTP status, quirk H3) every `progressEveryMs`. Returns false on timeout or when the run stops.
 */
export async function waitForHealthyDeployment(ctx: RunContext): Promise<boolean> {
  const { log } = ctx;
  const health = ctx.plan.deployment.health;
  const total = health.expectedPrefill + health.expectedDecode;
  ctx.ledger?.phase('health');
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
      if (event.kind !== 'start') ctx.ledger?.health(healthSample(event));
      if (event.kind === 'waiting') log.info(progressLine(event));
      else if (event.level === 'error') log.error(event.message);
      else if (event.level === 'warn') log.warn(event.message);
      else log.info(event.message);
    },
  });
  if (outcome.ok) {
    for (const p of ctx.plan.deployment.processes) if (p.role !== 'head') ctx.ledger?.processReady(p.name);
    log.info('Server is healthy');
    return true;
  }
  if (outcome.reason === 'timeout') log.error('Server did not become healthy');
  return false;
}

function describeWorkers(ctx: RunContext): string {
  const workers = ctx.plan.deployment.processes.filter((p) => p.role === 'worker');
  const count = (mode: string): number => new Set(workers.filter((p) => p.mode === mode).map((p) => p.index)).size;
  const agg = count('agg');
  return agg > 0 ? `${agg} agg` : `${count('prefill')}P + ${count('decode')}D`;
}

/** A health-wait event as a ledger sample. */
function healthSample(p: ModelWaitProgress): Omit<HealthSample, 'at'> {
  return {
    prefill_ready: p.prefillReady,
    prefill_expected: p.prefillExpected,
    decode_ready: p.decodeReady,
    decode_expected: p.decodeExpected,
    probe: describeProbe(p),
  };
}

function describeProbe(p: ModelWaitProgress): string {
  const probe = p.probe;
  return probe === undefined ? 'no answer yet' : probe.kind === 'health' ? 'HTTP 200' : probe.kind === 'status' ? `HTTP ${probe.status}` : `no answer: ${probe.error}`;
}

/** `Health: 1/1 prefill, 1/2 decode ready (HTTP 200, 42 s)`: what the wait sees, status codes included (quirk H3). */
function progressLine(p: ModelWaitProgress): string {
  const counts = `${p.prefillReady}/${p.prefillExpected} prefill, ${p.decodeReady}/${p.decodeExpected} decode ready`;
  return `Health: ${counts} (${describeProbe(p)}, ${Math.round(p.elapsedMs / 1000)} s)`;
}
