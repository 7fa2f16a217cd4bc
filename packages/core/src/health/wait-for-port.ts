import type { WaitEnv, WaitOutcome } from './wait-outcome.ts';

export interface WaitForPortOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  readonly env: Pick<WaitEnv, 'probeTcp' | 'now' | 'sleep'>;
  readonly signal?: AbortSignal;
}

/** Connect timeout of one TCP probe. */
const CONNECT_TIMEOUT_MS = 1000;

/**
 * Polls until `host:port` accepts a TCP connection (health.md §4.2): one probe with a 1 s
 * connect timeout, then `intervalMs` of sleep, until `timeoutMs` has passed (at least one
 * probe, even when no time is left). Used for NATS
 * (4222) and etcd (2379) on the head.
 *
 * @example
 * const r = await waitForPort(headAddr, 2379, { env, signal });
 * if (!r.ok) throw new SrtError('SRT_HEALTH_TIMEOUT', 'etcd failed to start: ...');
 */
export async function waitForPort(
  host: string,
  port: number,
  { timeoutMs = 60_000, intervalMs = 1000, env, signal }: WaitForPortOptions,
): Promise<WaitOutcome<{ readonly host: string; readonly port: number }, 'refused'>> {
  const start = env.now();
  let attempts = 0;
  for (;;) {
    const elapsedMs = env.now() - start;
    if (signal?.aborted) return { ok: false, reason: 'aborted', last: attempts > 0 ? 'refused' : undefined, elapsedMs, attempts };
    if (elapsedMs >= timeoutMs && attempts > 0) return { ok: false, reason: 'timeout', last: 'refused', elapsedMs, attempts };
    attempts += 1;
    if (await env.probeTcp(host, port, CONNECT_TIMEOUT_MS)) return { ok: true, result: { host, port }, elapsedMs: env.now() - start, attempts };
    await env.sleep(intervalMs, signal);
  }
}
