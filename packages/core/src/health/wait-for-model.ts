import { checkDynamoHealth } from './check-dynamo-health.ts';
import { checkSglangRouterHealth } from './check-sglang-router-health.ts';
import { describeError, getJson } from './_get-json.ts';
import type { WaitEnv, WaitLogLevel, WaitOutcome, WaitProgress } from './wait-outcome.ts';
import type { WorkerHealthResult } from './worker-health-result.ts';

/** Which health API the public endpoint speaks. */
export type HealthFormat = 'dynamo' | 'sglang-router' | 'vllm' | 'trtllm-serve';

/** One poll of the health URL: a parsed answer, a non-200 status, or a transport error. */
export type ModelProbe =
  | { readonly kind: 'health'; readonly health: WorkerHealthResult }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'error'; readonly error: string };

/** A progress event of `waitForModel`: the log line plus the latest worker counts, for a status line. */
export interface ModelWaitProgress extends WaitProgress {
  readonly kind: 'start' | 'waiting' | 'ready' | 'timeout' | 'aborted';
  /** The poll that produced this event (undefined for `start`, and when nothing was polled yet). */
  readonly probe: ModelProbe | undefined;
  readonly prefillReady: number;
  readonly prefillExpected: number;
  readonly decodeReady: number;
  readonly decodeExpected: number;
}

export interface WaitForModelOptions {
  /** Full health URL: `http://<head>:<public port>/health` (Dynamo) or `/workers` (SGLang router). */
  readonly url: string;
  readonly format: HealthFormat;
  readonly expectedPrefill: number;
  readonly expectedDecode: number;
  /** Pause between polls. Default 1000. */
  readonly intervalMs?: number;
  /** Give up after this long. Default 600000. */
  readonly timeoutMs?: number;
  /**
   * Minimum time between `waiting` events while nothing changes; the first comes `reportEveryMs`
   * after the start. A poll whose answer differs from the last reported one (worker counts, HTTP
   * status, error) is reported at once. Default 60000.
   */
  readonly reportEveryMs?: number;
  readonly env: Pick<WaitEnv, 'fetch' | 'now' | 'sleep'>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ModelWaitProgress) => void;
}

/**
 * Polls the frontend until every expected worker has registered (health.md §4.1).
 * Events: `start` once; `waiting` for every poll whose answer changed (counts, status, error),
 * else at most every `reportEveryMs`, for not-ready answers, non-200 statuses and transport errors alike (the reference hides the last two, quirk
 * H3); then `ready`, `timeout` or `aborted`. Each request times out after 5 s.
 *
 * @example
 * const r = await waitForModel({ ...plan.health, reportEveryMs: 60_000, env, signal, onProgress: (e) => log(e.message) });
 * if (!r.ok) // r.reason is 'timeout' or 'aborted'; r.last is the last probe
 */
export async function waitForModel(opts: WaitForModelOptions): Promise<WaitOutcome<WorkerHealthResult, ModelProbe>> {
  const { url, format, expectedPrefill, expectedDecode, intervalMs = 1000, timeoutMs = 600_000, reportEveryMs = 60_000, env, signal, onProgress } = opts;
  const check = format === 'sglang-router' ? checkSglangRouterHealth : checkDynamoHealth;
  const start = env.now();
  let lastReport = start;
  let lastKey = '';
  let attempts = 0;
  let last: ModelProbe | undefined;
  let counts = { prefillReady: 0, prefillExpected: expectedPrefill, decodeReady: 0, decodeExpected: expectedDecode };
  const emit = (kind: ModelWaitProgress['kind'], level: WaitLogLevel, message: string): void =>
    onProgress?.({ kind, level, message, elapsedMs: env.now() - start, attempts, probe: last, ...counts });

  const mode = format === 'sglang-router' ? ' (sglang router mode)' : '';
  emit('start', 'info', `Polling ${url} every ${(intervalMs / 1000).toFixed(1)}s for ${expectedPrefill} prefills and ${expectedDecode} decodes${mode}`);
  for (;;) {
    const elapsedMs = env.now() - start;
    if (signal?.aborted) {
      emit('aborted', 'warn', 'Wait for model aborted by stop event');
      return { ok: false, reason: 'aborted', last, elapsedMs, attempts };
    }
    if (elapsedMs >= timeoutMs) {
      emit('timeout', 'error', `Model did not get healthy in ${(timeoutMs / 1000).toFixed(0)} seconds`);
      return { ok: false, reason: 'timeout', last, elapsedMs, attempts };
    }
    attempts += 1;
    last = format === 'vllm' || format === 'trtllm-serve'
      ? await probeServer(env, url, signal, format, { expectedPrefill, expectedDecode })
      : await probe(env, url, signal, check, { expectedPrefill, expectedDecode });
    if (last.kind === 'health') {
      const { prefillReady, prefillExpected, decodeReady, decodeExpected } = last.health;
      counts = { prefillReady, prefillExpected, decodeReady, decodeExpected };
      if (last.health.ready) {
        emit('ready', 'info', last.health.message);
        return { ok: true, result: last.health, elapsedMs: env.now() - start, attempts };
      }
    }
    const key = probeMessage(last);
    if ((key !== lastKey || env.now() - lastReport >= reportEveryMs) && !signal?.aborted) {
      emit('waiting', 'info', key);
      lastReport = env.now();
      lastKey = key;
    }
    await env.sleep(intervalMs, signal);
  }
}

async function probe(
  env: Pick<WaitEnv, 'fetch'>,
  url: string,
  signal: AbortSignal | undefined,
  check: typeof checkDynamoHealth,
  expected: { readonly expectedPrefill: number; readonly expectedDecode: number },
): Promise<ModelProbe> {
  try {
    const { status, json } = await getJson(env, url, signal);
    return status === 200 ? { kind: 'health', health: check(json, expected) } : { kind: 'status', status };
  } catch (e) {
    return { kind: 'error', error: describeError(e) };
  }
}

/**
 * A worker that is its own public server (engines.md §5.2): `trtllm-serve` is ready when
 * `/health` answers 200 (body ignored); `vllm serve` when `/health` answers 200 and then
 * `/v1/models` lists at least one model.
 */
async function probeServer(
  env: Pick<WaitEnv, 'fetch'>,
  url: string,
  signal: AbortSignal | undefined,
  format: 'vllm' | 'trtllm-serve',
  expected: { readonly expectedPrefill: number; readonly expectedDecode: number },
): Promise<ModelProbe> {
  const result = (ready: boolean, message: string): ModelProbe => ({
    kind: 'health',
    health: { ready, message, prefillReady: ready ? expected.expectedPrefill : 0, prefillExpected: expected.expectedPrefill, decodeReady: ready ? expected.expectedDecode : 0, decodeExpected: expected.expectedDecode },
  });
  try {
    const health = await getJson(env, url, signal, false);
    if (health.status !== 200) return { kind: 'status', status: health.status };
    if (format === 'trtllm-serve') return result(true, 'trtllm-serve answers /health');
    const models = await getJson(env, url.replace(/\/health$/, '/v1/models'), signal);
    if (models.status !== 200) return { kind: 'status', status: models.status };
    const data = (models.json as { data?: unknown } | null)?.data;
    return Array.isArray(data) && data.length > 0 ? result(true, `vllm serve lists ${data.length} model${data.length === 1 ? '' : 's'}`) : result(false, 'vllm serve is up but /v1/models lists no model yet');
  } catch (e) {
    return { kind: 'error', error: describeError(e) };
  }
}

function probeMessage(p: ModelProbe): string {
  switch (p.kind) {
    case 'health':
      return p.health.message;
    case 'status':
      return `Health check returned HTTP ${p.status}, waiting`;
    case 'error':
      return `Health check failed: ${p.error}`;
  }
}
