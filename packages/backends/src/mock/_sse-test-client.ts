import { createServer as createNetServer } from 'node:net';
import { request, type Agent } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Test-only: a minimal HTTP + SSE client written independently of the mock servers
 * (`node:http`, split the body on blank lines, strip `data: `), so the tests check the wire
 * format rather than the servers' own helpers.
 */
export interface SseEvent {
  /** Milliseconds since the request was sent. */
  readonly at: number;
  /** The text after `data: `. */
  readonly data: string;
}

export interface HttpResult {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
  readonly events: readonly SseEvent[];
}

/** POSTs (or GETs, without `body`) and collects the response; SSE events are timestamped on arrival. */
export function httpCall(url: string, body?: unknown, opts: { readonly signal?: AbortSignal; readonly agent?: Agent } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = request(url, {
      method: payload === undefined ? 'GET' : 'POST',
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      agent: opts.agent ?? false,
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      let pending = '';
      const events: SseEvent[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        pending += chunk;
        const parts = pending.split('\n\n');
        pending = parts.pop() ?? '';
        for (const part of parts) {
          if (part.startsWith('data: ')) events.push({ at: performance.now() - t0, data: part.slice('data: '.length) });
        }
      });
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: text, events }));
    });
    req.end(payload);
  });
}

/** The JSON events of a stream (everything but `[DONE]`). */
export function jsonEvents(r: HttpResult): Record<string, any>[] {
  return r.events.filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data) as Record<string, any>);
}

/** Text of the token events (completion `text` or chat `delta.content`). */
export function streamedText(r: HttpResult): string {
  return jsonEvents(r)
    .filter((e) => e['choices'].length > 0)
    .map((e) => e['choices'][0].text ?? e['choices'][0].delta.content)
    .join('');
}

/** Arrival times of the events that carry choices. */
export function tokenTimes(r: HttpResult): number[] {
  return r.events.filter((e) => e.data !== '[DONE]' && (JSON.parse(e.data) as { choices: unknown[] }).choices.length > 0).map((e) => e.at);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns true (or fails after `timeoutMs`). */
export async function eventually(fn: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await fn())) {
    if (performance.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** One Prometheus sample value by metric name. */
export function metricValue(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** A port that was free a moment ago (the mock CLI's --port 0 means "non-leader rank"). */
export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}
