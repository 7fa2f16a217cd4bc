import type { Env } from '../env.ts';

/** What the waiters need from the world: HTTP, TCP probes, a clock and sleep. Tests pass a fake clock. */
export type WaitEnv = Pick<Env, 'fetch' | 'now' | 'sleep' | 'probeTcp'>;

/** Severity of a progress event, mirroring the reference's log levels. */
export type WaitLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One progress report of a waiter; `message` is the line the reference would log. */
export interface WaitProgress {
  readonly level: WaitLogLevel;
  readonly message: string;
  /** Milliseconds since the wait started (by the injected clock). */
  readonly elapsedMs: number;
  /** Requests or probes made so far. */
  readonly attempts: number;
}

/**
 * How a wait ended: `{ ok: true, result }` when the thing came up, or
 * `{ ok: false, reason, last }` when time (or attempts) ran out (`'timeout'`) or the
 * caller's signal fired (`'aborted'`); `last` is the last observation, if any.
 */
export type WaitOutcome<R, L> =
  | { readonly ok: true; readonly result: R; readonly elapsedMs: number; readonly attempts: number }
  | { readonly ok: false; readonly reason: 'timeout' | 'aborted'; readonly last: L | undefined; readonly elapsedMs: number; readonly attempts: number };
