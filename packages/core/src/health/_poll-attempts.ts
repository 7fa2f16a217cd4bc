import type { WaitEnv, WaitLogLevel, WaitOutcome, WaitProgress } from './wait-outcome.ts';

/** What one attempt found: the wait is over (`done`), or what it saw this time (`last`). */
export type AttemptResult<R, L> = { readonly done: R } | { readonly last: L | undefined };

export interface PollAttemptsOptions {
  readonly maxAttempts: number;
  readonly intervalMs: number;
  readonly env: Pick<WaitEnv, 'now' | 'sleep'>;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((event: WaitProgress) => void) | undefined;
  /** Reported (warn) when the signal ends the wait; nothing when absent. */
  readonly abortMessage?: string;
  /** Reported (error) when the attempts run out. */
  readonly timeoutMessage: string;
}

/**
 * The bounded retry loop shared by the attempt-counting waiters (`waitForHealth`,
 * `waitForEtcd`): up to `maxAttempts` calls of `attempt`, `intervalMs` apart (no sleep after
 * the last), stopping early on the caller's signal.
 */
export async function pollAttempts<R, L>(
  o: PollAttemptsOptions,
  attempt: (n: number, emit: (level: WaitLogLevel, message: string) => void) => Promise<AttemptResult<R, L>>,
): Promise<WaitOutcome<R, L>> {
  const start = o.env.now();
  let last: L | undefined;
  let attempts = 0;
  const emit = (level: WaitLogLevel, message: string): void => o.onProgress?.({ level, message, elapsedMs: o.env.now() - start, attempts });
  const aborted = (): WaitOutcome<R, L> => {
    if (o.abortMessage !== undefined) emit('warn', o.abortMessage);
    return { ok: false, reason: 'aborted', last, elapsedMs: o.env.now() - start, attempts };
  };
  for (let n = 1; n <= o.maxAttempts; n++) {
    if (o.signal?.aborted) return aborted();
    attempts = n;
    const r = await attempt(n, emit);
    if ('done' in r) return { ok: true, result: r.done, elapsedMs: o.env.now() - start, attempts };
    last = r.last;
    if (n < o.maxAttempts) await o.env.sleep(o.intervalMs, o.signal);
  }
  if (o.signal?.aborted) return aborted();
  emit('error', o.timeoutMessage);
  return { ok: false, reason: 'timeout', last, elapsedMs: o.env.now() - start, attempts };
}
