import { describe, expect, it } from 'vitest';
import { fakeWaitEnv } from './_fake-wait-env.ts';
import { describeFrontendProbe, isFrontendAnswer, waitForFrontend } from './wait-for-frontend.ts';

const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

describe('waitForFrontend', () => {
  it('waits through refused connections and proxy error pages until a frontend answers', async () => {
    const fake = fakeWaitEnv((_url, n) => (n <= 2 ? { error: refused } : n <= 4 ? { status: 502, body: '<html>502 Bad Gateway</html>' } : { status: 200, body: { instances: [] } }));
    const r = await waitForFrontend({ url: 'http://h:8000/health', timeoutMs: 60_000, env: fake.env });
    expect(r).toStrictEqual({ ok: true, result: { kind: 'status', status: 200, json: false }, elapsedMs: 4000, attempts: 5 });
  });

  it('counts a 5xx with a JSON body (a frontend without workers) as an answer', async () => {
    const fake = fakeWaitEnv(() => ({ status: 503, body: { status: 'unhealthy' } }));
    expect(await waitForFrontend({ url: 'http://h:8000/health', timeoutMs: 60_000, env: fake.env })).toMatchObject({ ok: true, attempts: 1, result: { status: 503, json: true } });
  });

  it('times out with the last probe and reports progress every reportEveryMs', async () => {
    const fake = fakeWaitEnv(() => ({ status: 504, body: '<html>504</html>' }));
    const seen: string[] = [];
    const r = await waitForFrontend({
      url: 'http://h:8000/health',
      timeoutMs: 10_000,
      intervalMs: 1000,
      reportEveryMs: 4000,
      env: fake.env,
      onProgress: (e) => seen.push(`${e.elapsedMs} ${describeFrontendProbe(e.probe)}`),
    });
    expect(r).toStrictEqual({ ok: false, reason: 'timeout', last: { kind: 'status', status: 504, json: false }, elapsedMs: 10_000, attempts: 11 });
    expect(seen).toStrictEqual(['4000 HTTP 504', '8000 HTTP 504']);
  });

  it('probes once even with no time left, so a timeout says what the endpoint did', async () => {
    const fake = fakeWaitEnv(() => ({ error: refused }));
    const r = await waitForFrontend({ url: 'http://h:8000/health', timeoutMs: 0, env: fake.env });
    expect(r).toMatchObject({ ok: false, reason: 'timeout', attempts: 1 });
    expect(describeFrontendProbe(r.ok ? undefined : r.last)).toBe('no answer: fetch failed (ECONNREFUSED)');
  });

  it('stops when the signal aborts', async () => {
    const stop = new AbortController();
    const fake = fakeWaitEnv((_u, n) => {
      if (n === 3) stop.abort();
      return { error: refused };
    });
    expect(await waitForFrontend({ url: 'http://h/health', timeoutMs: 60_000, env: fake.env, signal: stop.signal })).toMatchObject({ ok: false, reason: 'aborted' });
  });
});

describe('isFrontendAnswer', () => {
  it.each([
    [{ kind: 'status', status: 404, json: false }, true],
    [{ kind: 'status', status: 503, json: true }, true],
    [{ kind: 'status', status: 502, json: false }, false],
    [{ kind: 'error', error: 'x' }, false],
  ] as const)('%j → %s', (probe, answer) => {
    expect(isFrontendAnswer(probe)).toBe(answer);
  });
});
