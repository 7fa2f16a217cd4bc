import { describeError, HEALTH_REQUEST_TIMEOUT_MS } from './_get-json.ts';
import type { WaitEnv, WaitOutcome } from './wait-outcome.ts';

/** One poll of the public endpoint: an HTTP answer (and whether its body was JSON) or a transport error. */
export type FrontendProbe =
  | { readonly kind: 'status'; readonly status: number; readonly json: boolean }
  | { readonly kind: 'error'; readonly error: string };

/** A progress event of `waitForFrontend`, at most every `reportEveryMs`. */
export interface FrontendWaitProgress {
  readonly elapsedMs: number;
  readonly probe: FrontendProbe | undefined;
}

export interface WaitForFrontendOptions {
  /** The health URL of the public endpoint (`/health`, or `/workers` for the router). */
  readonly url: string;
  readonly timeoutMs: number;
  /** Pause between polls. Default 1000. */
  readonly intervalMs?: number;
  /** Minimum time between progress events; the first comes `reportEveryMs` after the start. Default 30000. */
  readonly reportEveryMs?: number;
  readonly env: Pick<WaitEnv, 'fetch' | 'now' | 'sleep'>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: FrontendWaitProgress) => void;
}

/** Bytes of a 5xx body read to tell a frontend's JSON error from a proxy's error page. */
const BODY_LIMIT = 64 * 1024;

/**
 * True when the answer comes from a frontend: a status below 500, or a JSON body (a Dynamo
 * frontend answers 503 with JSON while no worker is registered; nginx's own 502/504 pages are
 * HTML and do not count).
 *
 * @example isFrontendAnswer({ kind: 'status', status: 502, json: false }) // → false (nginx's own error page)
 */
export function isFrontendAnswer(p: FrontendProbe): boolean {
  return p.kind === 'status' && (p.status < 500 || p.json);
}

/**
 * Polls the public endpoint until a frontend answers (the frontend phase of
 * variants-and-workflows.md §6.4): `ok` with the answering probe, or `timeout`/`aborted`
 * with the last probe. It probes at least once, even with no time left, so a timeout always
 * says what the endpoint did. Each request times out after 5 s.
 *
 * @example
 * const r = await waitForFrontend({ url: plan.health.url, timeoutMs: 1_200_000, env, signal });
 * if (!r.ok) // r.last says what the endpoint did: no answer, or nginx's 502
 */
export async function waitForFrontend(opts: WaitForFrontendOptions): Promise<WaitOutcome<FrontendProbe, FrontendProbe>> {
  const { url, timeoutMs, intervalMs = 1000, reportEveryMs = 30_000, env, signal, onProgress } = opts;
  const start = env.now();
  let lastReport = start;
  let attempts = 0;
  let last: FrontendProbe | undefined;
  for (;;) {
    if (signal?.aborted) return { ok: false, reason: 'aborted', last, elapsedMs: env.now() - start, attempts };
    attempts += 1;
    last = await probeFrontend(env, url, signal);
    if (isFrontendAnswer(last)) return { ok: true, result: last, elapsedMs: env.now() - start, attempts };
    if (signal?.aborted) return { ok: false, reason: 'aborted', last, elapsedMs: env.now() - start, attempts };
    if (env.now() - start >= timeoutMs) return { ok: false, reason: 'timeout', last, elapsedMs: env.now() - start, attempts };
    if (env.now() - lastReport >= reportEveryMs && !signal?.aborted) {
      onProgress?.({ elapsedMs: env.now() - start, probe: last });
      lastReport = env.now();
    }
    await env.sleep(Math.min(intervalMs, Math.max(0, timeoutMs - (env.now() - start))), signal);
  }
}

/**
 * One GET of the endpoint; a 5xx body is read (up to 64 KiB) to see whether it is JSON.
 *
 * @example await probeFrontend({ fetch }, 'http://10.0.0.1:8000/health', signal) // → { kind: 'status', status: 200, json: false }
 */
export async function probeFrontend(env: Pick<WaitEnv, 'fetch'>, url: string, signal: AbortSignal | undefined): Promise<FrontendProbe> {
  const timeout = AbortSignal.timeout(HEALTH_REQUEST_TIMEOUT_MS);
  try {
    const res = await env.fetch(url, { signal: signal === undefined ? timeout : AbortSignal.any([timeout, signal]) });
    if (res.status < 500) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'status', status: res.status, json: false };
    }
    return { kind: 'status', status: res.status, json: isJson(await readBounded(res)) };
  } catch (e) {
    return { kind: 'error', error: describeError(e) };
  }
}

/**
 * `HTTP 502`, `HTTP 503 (JSON)`, or `no answer: fetch failed (ECONNREFUSED)`.
 *
 * @example describeFrontendProbe({ kind: 'status', status: 503, json: true }) // → 'HTTP 503 (JSON)'
 */
export function describeFrontendProbe(p: FrontendProbe | undefined): string {
  if (p === undefined) return 'no answer yet';
  if (p.kind === 'error') return `no answer: ${p.error}`;
  return `HTTP ${p.status}${p.json ? ' (JSON)' : ''}`;
}

async function readBounded(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (reader === undefined) return '';
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
    if (text.length > BODY_LIMIT) {
      await reader.cancel().catch(() => undefined);
      return text;
    }
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
