import type { Env, Readiness } from '@srt/core';

export type ReadinessResult = 'ready' | 'timeout' | 'aborted';

export interface WaitForReadinessOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Polls a process's readiness check until it passes: a TCP connect (1 s connect timeout) or
 * an HTTP GET answering below 500. `none` is ready at once. Stops early when `signal` aborts.
 */
export async function waitForReadiness(
  readiness: Readiness,
  env: Pick<Env, 'probeTcp' | 'fetch' | 'now' | 'sleep'>,
  opts: WaitForReadinessOptions,
): Promise<ReadinessResult> {
  if (readiness.kind === 'none') return 'ready';
  const start = env.now();
  for (;;) {
    if (opts.signal?.aborted) return 'aborted';
    if (await probe(readiness, env, opts.signal)) return 'ready';
    if (opts.signal?.aborted) return 'aborted';
    if (env.now() - start >= opts.timeoutMs) return 'timeout';
    await env.sleep(opts.intervalMs ?? 1000, opts.signal);
  }
}

async function probe(readiness: Exclude<Readiness, { kind: 'none' }>, env: Pick<Env, 'probeTcp' | 'fetch'>, signal?: AbortSignal): Promise<boolean> {
  if (readiness.kind === 'tcp') return env.probeTcp(readiness.host, readiness.port, 1000);
  const timeout = AbortSignal.timeout(5000);
  try {
    const res = await env.fetch(readiness.url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    await res.body?.cancel();
    return res.status < 500;
  } catch {
    return false;
  }
}
