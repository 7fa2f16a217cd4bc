import { getJson } from './_get-json.ts';
import { pollAttempts } from './_poll-attempts.ts';
import type { WaitEnv, WaitOutcome, WaitProgress } from './wait-outcome.ts';

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
  const timeoutMessage = `etcd not ready after ${maxRetries} attempts`;
  return pollAttempts<{ readonly url: string }, number>({ maxAttempts: maxRetries, intervalMs, env, signal, onProgress, timeoutMessage }, async (n, emit) => {
    const status = await getJson(env, `${url}/health`, signal, false).then(
      (r) => r.status,
      () => undefined,
    );
    if (status === 200) {
      emit('info', 'etcd is ready');
      return { done: { url } };
    }
    emit('debug', `etcd not ready (attempt ${n}/${maxRetries}), retrying...`);
    return { last: status };
  });
}
