import { describe, expect, it } from 'vitest';
import { fakeWaitEnv } from './_fake-wait-env.ts';
import { waitForHealth } from './wait-for-health.ts';
import type { WaitProgress } from './wait-outcome.ts';

const BASE = 'http://head:8000';

describe('waitForHealth', () => {
  it('passes on the first 200 from /health when no worker count is expected', async () => {
    const fake = fakeWaitEnv((_u, n) => ({ status: n < 3 ? 503 : 200 }));
    const events: WaitProgress[] = [];
    const r = await waitForHealth({ baseUrl: BASE, env: fake.env, onProgress: (e) => events.push(e) });
    expect(r).toStrictEqual({ ok: true, result: { models: undefined }, elapsedMs: 20_000, attempts: 3 });
    expect(events.map((e) => `${e.level}: ${e.message}`)).toStrictEqual([
      'debug: Health check failed (attempt 1/60): status 503',
      'debug: Health check failed (attempt 2/60): status 503',
      'info: Health check passed',
    ]);
  });

  it('also waits until /v1/models lists the expected number of models (quirk H5 fixed)', async () => {
    const models = [1, 1, 2];
    let modelCalls = 0;
    const fake = fakeWaitEnv((url) => (url.endsWith('/v1/models') ? { status: 200, body: { data: Array(models[modelCalls++] ?? 2).fill({ id: 'm' }) } } : { status: 200 }));
    const events: WaitProgress[] = [];
    const r = await waitForHealth({ baseUrl: BASE, expectedWorkers: 2, intervalMs: 1000, env: fake.env, onProgress: (e) => events.push(e) });
    expect(r).toStrictEqual({ ok: true, result: { models: 2 }, elapsedMs: 2000, attempts: 3 });
    expect(fake.requests).toStrictEqual([`${BASE}/health`, `${BASE}/v1/models`, `${BASE}/health`, `${BASE}/v1/models`, `${BASE}/health`, `${BASE}/v1/models`]);
    expect(events.at(-1)?.message).toBe('Health check passed: 2 models available');
  });

  it('reports request errors and fails after maxAttempts', async () => {
    const fake = fakeWaitEnv(() => ({ error: new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }) }));
    const events: WaitProgress[] = [];
    const r = await waitForHealth({ baseUrl: BASE, maxAttempts: 3, intervalMs: 10_000, env: fake.env, onProgress: (e) => events.push(e) });
    expect(r).toStrictEqual({ ok: false, reason: 'timeout', last: { kind: 'error', error: 'fetch failed (ECONNREFUSED)' }, elapsedMs: 20_000, attempts: 3 });
    expect(events.map((e) => e.message)).toStrictEqual([
      'Health check failed (attempt 1/3): fetch failed (ECONNREFUSED)',
      'Health check failed (attempt 2/3): fetch failed (ECONNREFUSED)',
      'Health check failed (attempt 3/3): fetch failed (ECONNREFUSED)',
      'Health check failed after 3 attempts',
    ]);
  });

  it('reports a models request that fails and keeps trying', async () => {
    const fake = fakeWaitEnv((url, n) => (url.endsWith('/v1/models') && n === 2 ? { error: new Error('socket hang up') } : url.endsWith('/v1/models') ? { status: 200, body: { data: [{}] } } : { status: 200 }));
    const events: WaitProgress[] = [];
    const r = await waitForHealth({ baseUrl: BASE, expectedWorkers: 1, env: fake.env, onProgress: (e) => events.push(e) });
    expect(r).toMatchObject({ ok: true, attempts: 2, result: { models: 1 } });
    expect(events[0]?.message).toBe('Models check failed: socket hang up');
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    const fake = fakeWaitEnv(() => {
      controller.abort();
      return { status: 500 };
    });
    const events: WaitProgress[] = [];
    const r = await waitForHealth({ baseUrl: BASE, env: fake.env, signal: controller.signal, onProgress: (e) => events.push(e) });
    expect(r).toMatchObject({ ok: false, reason: 'aborted', attempts: 1, last: { kind: 'status', status: 500 } });
    expect(events.at(-1)).toMatchObject({ level: 'warn', message: 'Wait aborted by stop event' });
  });
});
