import { describeError, getJson } from './_get-json.ts';
import type { WaitEnv, WaitLogLevel, WaitOutcome, WaitProgress } from './wait-outcome.ts';

export interface WaitForHealthOptions {
  /** `http://<host>:<port>`; `/health` and `/v1/models` are appended. */
  readonly baseUrl: string;
  /** Default 60. */
  readonly maxAttempts?: number;
  /** Default 10000. */
  readonly intervalMs?: number;
  /** When set, also require `/v1/models` to list at least this many models. */
  readonly expectedWorkers?: number;
  readonly env: Pick<WaitEnv, 'fetch' | 'now' | 'sleep'>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: WaitProgress) => void;
}

/** Last thing `waitForHealth` saw: an HTTP status, a model count below the expectation, or an error. */
export type HealthProbe =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'models'; readonly models: number }
  | { readonly kind: 'error'; readonly error: string };

/**
 * Polls `GET /health` up to `maxAttempts` times (health.md §4.3). Without
 * `expectedWorkers` a 200 is enough; with it, `GET /v1/models` must also list at least
 * that many models (the reference only checks the list is non-empty, quirk H5).
 * `result.models` is the model count when it was checked. Ends as `timeout` when the
 * attempts run out.
 */
export async function waitForHealth(opts: WaitForHealthOptions): Promise<WaitOutcome<{ readonly models: number | undefined }, HealthProbe>> {
  const { baseUrl, maxAttempts = 60, intervalMs = 10_000, expectedWorkers, env, signal, onProgress } = opts;
  const start = env.now();
  let last: HealthProbe | undefined;
  let attempts = 0;
  const emit = (level: WaitLogLevel, message: string): void => onProgress?.({ level, message, elapsedMs: env.now() - start, attempts });
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (signal?.aborted) {
      emit('warn', 'Wait aborted by stop event');
      return { ok: false, reason: 'aborted', last, elapsedMs: env.now() - start, attempts };
    }
    attempts = attempt;
    try {
      const { status } = await getJson(env, `${baseUrl}/health`, signal, false);
      if (status !== 200) {
        last = { kind: 'status', status };
        emit('debug', `Health check failed (attempt ${attempt}/${maxAttempts}): status ${status}`);
      } else if (expectedWorkers === undefined) {
        emit('info', 'Health check passed');
        return { ok: true, result: { models: undefined }, elapsedMs: env.now() - start, attempts };
      } else {
        const models = await countModels(env, `${baseUrl}/v1/models`, signal);
        if (typeof models === 'string') {
          last = { kind: 'error', error: models };
          emit('debug', `Models check failed: ${models}`);
        } else if (models > 0 && models >= expectedWorkers) {
          emit('info', `Health check passed: ${models} models available`);
          return { ok: true, result: { models }, elapsedMs: env.now() - start, attempts };
        } else {
          last = { kind: 'models', models };
          emit('debug', `Health check (attempt ${attempt}/${maxAttempts}): ${models} of ${expectedWorkers} models available`);
        }
      }
    } catch (e) {
      last = { kind: 'error', error: describeError(e) };
      emit('debug', `Health check failed (attempt ${attempt}/${maxAttempts}): ${last.error}`);
    }
    if (attempt < maxAttempts) await env.sleep(intervalMs, signal);
  }
  if (signal?.aborted) {
    emit('warn', 'Wait aborted by stop event');
    return { ok: false, reason: 'aborted', last, elapsedMs: env.now() - start, attempts };
  }
  emit('error', `Health check failed after ${maxAttempts} attempts`);
  return { ok: false, reason: 'timeout', last, elapsedMs: env.now() - start, attempts };
}

/** Number of entries in `/v1/models`'s `data` (0 for a non-200 or a body without a list), or the error text. */
async function countModels(env: Pick<WaitEnv, 'fetch'>, url: string, signal: AbortSignal | undefined): Promise<number | string> {
  try {
    const { status, json } = await getJson(env, url, signal);
    const data = status === 200 && typeof json === 'object' && json !== null ? (json as { data?: unknown }).data : undefined;
    return Array.isArray(data) ? data.length : 0;
  } catch (e) {
    return describeError(e);
  }
}
