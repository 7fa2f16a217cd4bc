import { waitForPort, type Env, type Readiness } from '@srt/core';

export type ReadinessResult = 'ready' | 'timeout' | 'aborted';

export interface WaitForReadinessOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Polls a process's readiness check until it passes: a TCP connect (`waitForPort`) or an HTTP
 * GET answering below 500, at least once even when no time is left. `none` is ready at once.
 * Stops early when `signal` aborts.
 */
export async function waitForReadiness(
  readiness: Readiness,
  env: Pick<Env, 'probeTcp' | 'fetch' | 'now' | 'sleep'>,
  opts: WaitForReadinessOptions,
): Promise<ReadinessResult> {
  if (readiness.kind === 'none') return 'ready';
  if (readiness.kind === 'tcp') {
    const r = await waitForPort(readiness.host, readiness.port, { timeoutMs: opts.timeoutMs, intervalMs: opts.intervalMs ?? 1000, env, ...(opts.signal ? { signal: opts.signal } : {}) });
    return r.ok ? 'ready' : r.reason;
  }
  const start = env.now();
  for (;;) {
    if (opts.signal?.aborted) return 'aborted';
    if (await probe(readiness, env, opts.signal)) return 'ready';
    if (opts.signal?.aborted) return 'aborted';
    if (env.now() - start >= opts.timeoutMs) return 'timeout';
    await env.sleep(opts.intervalMs ?? 1000, opts.signal);
  }
}

async function probe(readiness: Extract<Readiness, { kind: 'http' }>, env: Pick<Env, 'fetch'>, signal?: AbortSignal): Promise<boolean> {
  const timeout = AbortSignal.timeout(5000);
  try {
    const res = await env.fetch(readiness.url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    await res.body?.cancel();
    return res.status < 500;
  } catch {
    return false;
  }
}
