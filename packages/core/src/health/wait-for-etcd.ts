import { getJson } from './_get-json.ts';
import type { WaitEnv, WaitLogLevel, WaitOutcome, WaitProgress } from './wait-outcome.ts';

export interface WaitForEtcdOptions {
  /** etcd client URL, e.g. `http://10.0.0.1:2379`; `/health` is appended. */
  readonly url: string;
  /** Default 60. */
  readonly maxRetries?: number;
  /** Default 2000. */
  readonly intervalMs?: number;
  readonly env: Pick<WaitEnv, 'fetch' | 'now' | 'sleep'>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: WaitProgress) => void;
}

/**
 * Polls `GET <url>/health` until etcd answers 200, at most `maxRetries` times
 * (health.md §4.4). `last` is the last HTTP status (or undefined after transport errors).
 */
export async function waitForEtcd(opts: WaitForEtcdOptions): Promise<WaitOutcome<{ readonly url: string }, number>> {
  const { url, maxRetries = 60, intervalMs = 2000, env, signal, onProgress } = opts;
  const start = env.now();
  let last: number | undefined;
  let attempts = 0;
  const emit = (level: WaitLogLevel, message: string): void => onProgress?.({ level, message, elapsedMs: env.now() - start, attempts });
  for (let attempt = 1; attempt <= maxRetries; attempt++) {
    if (signal?.aborted) return { ok: false, reason: 'aborted', last, elapsedMs: env.now() - start, attempts };
    attempts = attempt;
    try {
      last = (await getJson(env, `${url}/health`, signal, false)).status;
    } catch {
      last = undefined;
    }
    if (last === 200) {
      emit('info', 'etcd is ready');
      return { ok: true, result: { url }, elapsedMs: env.now() - start, attempts };
    }
    emit('debug', `etcd not ready (attempt ${attempt}/${maxRetries}), retrying...`);
    if (attempt < maxRetries) await env.sleep(intervalMs, signal);
  }
  if (signal?.aborted) return { ok: false, reason: 'aborted', last, elapsedMs: env.now() - start, attempts };
  emit('error', `etcd not ready after ${maxRetries} attempts`);
  return { ok: false, reason: 'timeout', last, elapsedMs: env.now() - start, attempts };
}
