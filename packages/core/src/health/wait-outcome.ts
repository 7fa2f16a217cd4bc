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

/** Per-request timeout of every health probe. */
export const HEALTH_REQUEST_TIMEOUT_MS = 5000;

/** GET with a 5 s timeout combined with the caller's signal; returns the status and, for 200, the parsed JSON body. */
export async function getJson(env: Pick<Env, 'fetch'>, url: string, signal: AbortSignal | undefined, parse = true): Promise<{ readonly status: number; readonly json: unknown }> {
  const timeout = AbortSignal.timeout(HEALTH_REQUEST_TIMEOUT_MS);
  const combined = signal === undefined ? timeout : AbortSignal.any([timeout, signal]);
  const res = await env.fetch(url, { signal: combined });
  if (res.status !== 200 || !parse) {
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status, json: undefined };
  }
  return { status: 200, json: await res.json() };
}

/** `fetch failed (ECONNREFUSED)`-style text for a transport error. */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  return detail === undefined ? e.message : `${e.message} (${detail})`;
}
