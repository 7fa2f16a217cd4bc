import { describe, expect, it } from 'vitest';
import { fakeWaitEnv } from './_fake-wait-env.ts';
import { waitForEtcd } from './wait-for-etcd.ts';
import type { WaitProgress } from './wait-outcome.ts';

describe('waitForEtcd', () => {
  it('is ready on the first 200 from /health', async () => {
    const fake = fakeWaitEnv((_u, n) => (n === 1 ? { error: new Error('refused') } : { status: 200, body: { health: 'true' } }));
    const events: WaitProgress[] = [];
    const r = await waitForEtcd({ url: 'http://head:2379', env: fake.env, onProgress: (e) => events.push(e) });
    expect(r).toStrictEqual({ ok: true, result: { url: 'http://head:2379' }, elapsedMs: 2000, attempts: 2 });
    expect(fake.requests).toStrictEqual(['http://head:2379/health', 'http://head:2379/health']);
    expect(events.map((e) => e.message)).toStrictEqual(['etcd not ready (attempt 1/60), retrying...', 'etcd is ready']);
  });

  it('gives up after maxRetries with the last status', async () => {
    const fake = fakeWaitEnv(() => ({ status: 503 }));
    const events: WaitProgress[] = [];
    const r = await waitForEtcd({ url: 'http://head:2379', maxRetries: 2, intervalMs: 500, env: fake.env, onProgress: (e) => events.push(e) });
    expect(r).toStrictEqual({ ok: false, reason: 'timeout', last: 503, elapsedMs: 500, attempts: 2 });
    expect(events.at(-1)).toMatchObject({ level: 'error', message: 'etcd not ready after 2 attempts' });
  });

  it('stops when the signal is aborted', async () => {
    const fake = fakeWaitEnv(() => ({ status: 503 }));
    expect(await waitForEtcd({ url: 'http://head:2379', env: fake.env, signal: AbortSignal.abort() })).toMatchObject({ ok: false, reason: 'aborted', attempts: 0 });
  });
});
