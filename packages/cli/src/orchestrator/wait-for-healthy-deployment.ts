import { describeFrontendProbe, type ModelProbe, type ModelWaitProgress, SrtError, waitForFrontend, waitForModel } from '@srt/core';
import type { HealthSample } from '../ledger/job-status.ts';
import type { RunContext } from './run-context.ts';
import type { PhaseStarts } from './start-processes.ts';
import { describeUnhealthy, probeWorkers } from './unhealthy-workers.ts';

/**
 * The health wait of orchestrator.md §2.4 in the two phases of variants-and-workflows.md §6.4,
 * each with its own clock: first the public endpoint must give a frontend's answer within
 * `frontendTimeoutMs` of the first frontend spawned, then the frontend must report every
 * expected worker within `timeoutMs` (`max_attempts × interval_seconds`) of the first worker
 * spawned. Logs a progress line every `progressEveryMs` (ready/expected counts and the last HTTP
 * status, quirk H3). Returns true when healthy, false when the run was stopped; a budget that
 * runs out throws `SRT_HEALTH_TIMEOUT` naming the phase, what it saw last and the knob to raise.
 */
export async function waitForHealthyDeployment(ctx: RunContext, starts: PhaseStarts = {}): Promise<boolean> {
  const { log, env } = ctx;
  const health = ctx.plan.deployment.health;
  const total = health.expectedPrefill + health.expectedDecode;
  ctx.ledger?.phase('health');
  log.info(`Waiting for server health (expecting ${total} workers: ${describeWorkers(ctx)})...`);
  const now = env.now();
  const frontendStart = starts.frontends ?? now;
  const workersStart = starts.workers ?? now;
  const workersDeadline = workersStart + health.timeoutMs;
  const frontendDeadline = frontendStart + health.frontendTimeoutMs;
  const frontend = await waitForFrontend({
    url: health.url,
    timeoutMs: Math.min(frontendDeadline, workersDeadline) - now,
    intervalMs: health.intervalMs,
    reportEveryMs: ctx.progressEveryMs,
    env,
    signal: ctx.stop,
    onProgress: (e) => log.info(`Frontend: waiting for ${health.url} (${describeFrontendProbe(e.probe)}, ${seconds(env.now() - frontendStart)} s of ${seconds(health.frontendTimeoutMs)} s)`),
  });
  if (!frontend.ok && frontend.reason === 'aborted') return false;
  if (!frontend.ok && env.now() >= frontendDeadline) {
    const last = frontend.last;
    const seen = last === undefined || last.kind === 'error' ? 'no HTTP answer' : `no frontend answer (only ${describeFrontendProbe(last)}, an error page of the proxy)`;
    throw new SrtError(
      'SRT_HEALTH_TIMEOUT',
      `Frontend not answering after ${seconds(health.frontendTimeoutMs)} s: ${seen} from ${health.url}${last?.kind === 'error' ? ` (last: ${last.error})` : ''}; see ${frontendLogs(ctx)}; raise health_check.frontend_timeout_seconds`,
    );
  }
  if (frontend.ok) log.info(`Frontend answering after ${seconds(env.now() - frontendStart)} s (budget ${seconds(health.frontendTimeoutMs)} s)`);
  let last: ModelWaitProgress | undefined;
  const outcome = frontend.ok
    ? await waitForModel({
        url: health.url,
        format: health.format,
        expectedPrefill: health.expectedPrefill,
        expectedDecode: health.expectedDecode,
        intervalMs: health.intervalMs,
        timeoutMs: Math.max(0, workersDeadline - env.now()),
        reportEveryMs: ctx.progressEveryMs,
        env,
        signal: ctx.stop,
        onProgress: (event) => {
          last = event;
          if (event.kind !== 'start') ctx.ledger?.health(healthSample(event));
          if (event.kind === 'waiting') log.info(progressLine(event, env.now() - workersStart));
          else if (event.kind === 'timeout') return;
          else if (event.level === 'error') log.error(event.message);
          else if (event.level === 'warn') log.warn(event.message);
          else log.info(event.message);
        },
      })
    : undefined;
  if (outcome?.ok === true) {
    for (const p of ctx.plan.deployment.processes) if (p.role !== 'head' && p.runsToCompletion === undefined) ctx.ledger?.processReady(p.name);
    log.info('Server is healthy');
    return true;
  }
  if (outcome?.reason === 'aborted') return false;
  // Name each worker whose own /health is not 200 and its last status, before the timeout.
  log.error('Server did not become healthy');
  for (const line of describeUnhealthy(await probeWorkers(ctx))) log.error(line);
  const counts = last === undefined ? `0/${health.expectedPrefill} prefill, 0/${health.expectedDecode} decode` : `${last.prefillReady}/${last.prefillExpected} prefill, ${last.decodeReady}/${last.decodeExpected} decode`;
  const seen = last?.probe === undefined ? describeFrontendProbe(frontend.ok ? frontend.result : frontend.last) : describeModelProbe(last.probe);
  const answer = seen.startsWith('HTTP') ? `last answer ${seen}` : seen;
  throw new SrtError(
    'SRT_HEALTH_TIMEOUT',
    `Workers not registered after ${seconds(health.timeoutMs)} s: ${counts} (${answer}); see the worker logs in ${ctx.plan.runtime.logDir}; raise health_check.max_attempts (× interval_seconds ${seconds(health.intervalMs)} s)`,
  );
}

function describeWorkers(ctx: RunContext): string {
  const workers = ctx.plan.deployment.processes.filter((p) => p.role === 'worker');
  const count = (mode: string): number => new Set(workers.filter((p) => p.mode === mode).map((p) => p.index)).size;
  const agg = count('agg');
  return agg > 0 ? `${agg} agg` : `${count('prefill')}P + ${count('decode')}D`;
}

/** The log files of nginx and the first frontend (where a frontend that never answers says why). */
function frontendLogs(ctx: RunContext): string {
  const processes = ctx.plan.deployment.processes;
  const logs = [processes.find((p) => p.role === 'nginx'), processes.find((p) => p.role === 'frontend')].flatMap((p) => (p === undefined ? [] : [p.logFile]));
  return logs.length === 0 ? ctx.plan.runtime.logDir : logs.join(', ');
}

/** `HTTP 200`, `HTTP 503`, `no answer: fetch failed (ECONNREFUSED)` or `no answer yet`. */
function describeModelProbe(probe: ModelProbe | undefined): string {
  return probe === undefined ? 'no answer yet' : probe.kind === 'health' ? 'HTTP 200' : probe.kind === 'status' ? `HTTP ${probe.status}` : `no answer: ${probe.error}`;
}

/** `Health: 1/1 prefill, 1/2 decode ready (HTTP 200, 412 s)`: what the wait sees, status codes included (quirk H3); seconds since the first worker spawned. */
function progressLine(p: ModelWaitProgress, elapsedMs: number): string {
  const counts = `${p.prefillReady}/${p.prefillExpected} prefill, ${p.decodeReady}/${p.decodeExpected} decode ready`;
  return `Health: ${counts} (${describeModelProbe(p.probe)}, ${seconds(elapsedMs)} s)`;
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}

/** A health-wait event as a ledger sample. */
function healthSample(p: ModelWaitProgress): Omit<HealthSample, 'at'> {
  return {
    prefill_ready: p.prefillReady,
    prefill_expected: p.prefillExpected,
    decode_ready: p.decodeReady,
    decode_expected: p.decodeExpected,
    probe: describeModelProbe(p.probe),
  };
}
