import type { Env } from '../env.ts';

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
