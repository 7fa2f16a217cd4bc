import { describeError, getJson } from './_get-json.ts';
import { pollAttempts } from './_poll-attempts.ts';
import type { WaitEnv, WaitOutcome, WaitProgress } from './wait-outcome.ts';

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
 *
 * @example const outcome = await waitForHealth({ baseUrl: 'http://10.0.0.1:8000', expectedWorkers: 1, env: nodeEnv() });
 */
export async function waitForHealth(opts: WaitForHealthOptions): Promise<WaitOutcome<{ readonly models: number | undefined }, HealthProbe>> {
  const { baseUrl, maxAttempts = 60, intervalMs = 10_000, expectedWorkers, env, signal, onProgress } = opts;
  const loop = { maxAttempts, intervalMs, env, signal, onProgress, abortMessage: 'Wait aborted by stop event', timeoutMessage: `Health check failed after ${maxAttempts} attempts` };
  return pollAttempts<{ readonly models: number | undefined }, HealthProbe>(loop, async (n, emit) => {
    try {
      const { status } = await getJson(env, `${baseUrl}/health`, signal, false);
      if (status !== 200) {
        emit('debug', `Health check failed (attempt ${n}/${maxAttempts}): status ${status}`);
        return { last: { kind: 'status', status } };
      }
      if (expectedWorkers === undefined) {
        emit('info', 'Health check passed');
        return { done: { models: undefined } };
      }
      const models = await countModels(env, `${baseUrl}/v1/models`, signal);
      if (typeof models === 'string') {
        emit('debug', `Models check failed: ${models}`);
        return { last: { kind: 'error', error: models } };
      }
      if (models > 0 && models >= expectedWorkers) {
        emit('info', `Health check passed: ${models} models available`);
        return { done: { models } };
      }
      emit('debug', `Health check (attempt ${n}/${maxAttempts}): ${models} of ${expectedWorkers} models available`);
      return { last: { kind: 'models', models } };
    } catch (e) {
      const error = describeError(e);
      emit('debug', `Health check failed (attempt ${n}/${maxAttempts}): ${error}`);
      return { last: { kind: 'error', error } };
    }
  });
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
