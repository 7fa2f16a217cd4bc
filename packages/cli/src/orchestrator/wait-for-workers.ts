import { checkDynamoHealth, checkSglangRouterHealth, type Env, type HealthPlan, type WorkerHealthResult } from '@srt/core';

/** One poll of the health wait, reported to `onProgress`. */
export interface HealthProgress {
  readonly elapsedMs: number;
  /** HTTP status of the last answer, or the transport error. */
  readonly last: { readonly status: number } | { readonly error: string };
  /** Parsed result of the last 200 answer, if any. */
  readonly result: WorkerHealthResult | undefined;
}

export type HealthOutcome = { readonly ready: true; readonly message: string } | { readonly ready: false; readonly reason: 'timeout' | 'aborted' };

export interface WaitForWorkersOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: HealthProgress) => void;
}

/**
 * Polls the plan's health URL (Dynamo `/health` or SGLang router `/workers`) until the expected
 * prefill and decode workers are registered, the timeout passes, or `signal` aborts.
 */
export async function waitForWorkers(
  health: HealthPlan,
  env: Pick<Env, 'fetch' | 'now' | 'sleep'>,
  opts: WaitForWorkersOptions = {},
): Promise<HealthOutcome> {
  const start = env.now();
  const check = health.format === 'dynamo' ? checkDynamoHealth : checkSglangRouterHealth;
  const expected = { expectedPrefill: health.expectedPrefill, expectedDecode: health.expectedDecode };
  let result: WorkerHealthResult | undefined;
  for (;;) {
    if (opts.signal?.aborted) return { ready: false, reason: 'aborted' };
    if (env.now() - start >= health.timeoutMs) return { ready: false, reason: 'timeout' };
    const last = await poll(health.url, env, opts.signal);
    if ('json' in last) {
      result = check(last.json, expected);
      if (result.ready) return { ready: true, message: result.message };
    }
    opts.onProgress?.({ elapsedMs: env.now() - start, last: 'json' in last ? { status: 200 } : last, result });
    await env.sleep(health.intervalMs, opts.signal);
  }
}

type PollResult = { readonly json: unknown } | { readonly status: number } | { readonly error: string };

async function poll(url: string, env: Pick<Env, 'fetch'>, signal?: AbortSignal): Promise<PollResult> {
  const timeout = AbortSignal.timeout(5000);
  try {
    const res = await env.fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    if (res.status !== 200) {
      await res.body?.cancel();
      return { status: res.status };
    }
    return { json: await res.json() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
