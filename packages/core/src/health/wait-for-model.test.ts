import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { nodeEnv } from '../env.ts';
import { fakeWaitEnv, type FakeReply } from './_fake-wait-env.ts';
import { type ModelWaitProgress, waitForModel } from './wait-for-model.ts';

const dynamo = (prefill: number, decode: number): FakeReply => ({
  status: 200,
  body: { instances: [...Array(prefill).fill({ endpoint: 'generate', component: 'prefill' }), ...Array(decode).fill({ endpoint: 'generate', component: 'decode' })] },
});
const URL = 'http://10.0.0.1:8000/health';

describe('waitForModel', () => {
  it('returns the ready result once every worker has registered, polling every interval', async () => {
    const decodesPerPoll = [0, 1, 1, 2];
    const fake = fakeWaitEnv((_u, n) => dynamo(1, decodesPerPoll[n - 1] ?? 2));
    const r = await waitForModel({ url: URL, format: 'dynamo', expectedPrefill: 1, expectedDecode: 2, intervalMs: 10_000, env: fake.env });
    expect(r).toStrictEqual({
      ok: true,
      result: { ready: true, message: 'Model is ready. Have 1 prefills and 2 decodes.', prefillReady: 1, prefillExpected: 1, decodeReady: 2, decodeExpected: 2 },
      elapsedMs: 30_000,
      attempts: 4,
    });
    expect(fake.requests).toStrictEqual([URL, URL, URL, URL]);
    expect(fake.sleeps).toStrictEqual([10_000, 10_000, 10_000]);
  });

  it('gives up after a 30-minute timeout at once on the fake clock, reporting the first answer and then every minute', async () => {
    const fake = fakeWaitEnv(() => dynamo(0, 1));
    const events: ModelWaitProgress[] = [];
    const r = await waitForModel({
      url: URL, format: 'dynamo', expectedPrefill: 1, expectedDecode: 4, intervalMs: 10_000, timeoutMs: 1_800_000, reportEveryMs: 60_000,
      env: fake.env, onProgress: (e) => events.push(e),
    });
    expect(r).toMatchObject({ ok: false, reason: 'timeout', elapsedMs: 1_800_000, attempts: 180 });
    expect(r.ok ? undefined : r.last).toStrictEqual({ kind: 'health', health: expect.objectContaining({ ready: false, decodeReady: 1 }) });
    expect(events.map((e) => e.kind)).toStrictEqual(['start', ...Array(30).fill('waiting'), 'timeout']);
    expect(events[0]?.message).toBe('Polling http://10.0.0.1:8000/health every 10.0s for 1 prefills and 4 decodes');
    expect(events[1]).toMatchObject({ kind: 'waiting', elapsedMs: 0, attempts: 1 });
    expect(events[2]).toStrictEqual({
      kind: 'waiting', level: 'info', message: 'Model is not ready, waiting for 1 prefills and 3 decodes. Have 0 prefills and 1 decodes.',
      elapsedMs: 60_000, attempts: 7, probe: { kind: 'health', health: expect.objectContaining({ ready: false }) },
      prefillReady: 0, prefillExpected: 1, decodeReady: 1, decodeExpected: 4,
    });
    expect(events.at(-1)).toMatchObject({ kind: 'timeout', level: 'error', message: 'Model did not get healthy in 1800 seconds' });
  });

  it('reports non-200 statuses and transport errors in progress events (quirk H3)', async () => {
    const fake = fakeWaitEnv((_u, n) => (n <= 7 ? { status: 503, body: 'busy' } : n <= 14 ? { error: new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }) } : dynamo(2, 2)));
    const events: ModelWaitProgress[] = [];
    const r = await waitForModel({ url: URL, format: 'dynamo', expectedPrefill: 2, expectedDecode: 2, intervalMs: 10_000, reportEveryMs: 60_000, env: fake.env, onProgress: (e) => events.push(e) });
    expect(r.ok).toBe(true);
    expect(events.map((e) => [e.kind, e.message, e.probe?.kind])).toStrictEqual([
      ['start', 'Polling http://10.0.0.1:8000/health every 10.0s for 2 prefills and 2 decodes', undefined],
      ['waiting', 'Health check returned HTTP 503, waiting', 'status'],
      ['waiting', 'Health check returned HTTP 503, waiting', 'status'],
      ['waiting', 'Health check failed: fetch failed (ECONNREFUSED)', 'error'],
      ['waiting', 'Health check failed: fetch failed (ECONNREFUSED)', 'error'],
      ['ready', 'Model is ready. Have 2 prefills and 2 decodes.', 'health'],
    ]);
  });

  it('reports every poll whose worker counts changed at once, between the once-a-minute reports', async () => {
    const decodesPerPoll = [0, 0, 1, 1, 3, 3, 3];
    const fake = fakeWaitEnv((_u, n) => dynamo(1, decodesPerPoll[n - 1] ?? 4));
    const events: ModelWaitProgress[] = [];
    const r = await waitForModel({ url: URL, format: 'dynamo', expectedPrefill: 1, expectedDecode: 4, intervalMs: 10_000, reportEveryMs: 60_000, env: fake.env, onProgress: (e) => events.push(e) });
    expect(r.ok).toBe(true);
    expect(events.filter((e) => e.kind === 'waiting').map((e) => [e.elapsedMs, e.decodeReady])).toStrictEqual([[0, 0], [20_000, 1], [40_000, 3]]);
  });

  it('treats a body that is not JSON as a failed check and keeps polling', async () => {
    const fake = fakeWaitEnv((_u, n) => (n === 1 ? { status: 200, body: '<html>' } : dynamo(1, 1)));
    const r = await waitForModel({ url: URL, format: 'dynamo', expectedPrefill: 1, expectedDecode: 1, env: fake.env });
    expect(r).toMatchObject({ ok: true, attempts: 2 });
  });

  it('reads router stats in sglang-router mode, counting regular workers as decode', async () => {
    const fake = fakeWaitEnv(() => ({ status: 200, body: { workers: [], stats: { prefill_count: 0, decode_count: 0, regular_count: 2 } } }));
    const events: ModelWaitProgress[] = [];
    const r = await waitForModel({ url: 'http://h:8000/workers', format: 'sglang-router', expectedPrefill: 0, expectedDecode: 2, intervalMs: 1500, env: fake.env, onProgress: (e) => events.push(e) });
    expect(r).toMatchObject({ ok: true, result: { message: 'Model is ready. Have 0 prefills and 2 decodes. (2 regular workers)' } });
    expect(events[0]?.message).toBe('Polling http://h:8000/workers every 1.5s for 0 prefills and 2 decodes (sglang router mode)');
  });

  it('stops with reason aborted when the signal fires, without another request', async () => {
    const controller = new AbortController();
    const fake = fakeWaitEnv((_u, n) => {
      if (n === 3) controller.abort();
      return dynamo(0, 0);
    });
    const events: ModelWaitProgress[] = [];
    const r = await waitForModel({ url: URL, format: 'dynamo', expectedPrefill: 1, expectedDecode: 1, env: fake.env, signal: controller.signal, onProgress: (e) => events.push(e) });
    expect(r).toMatchObject({ ok: false, reason: 'aborted', attempts: 3 });
    expect(fake.requests).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ kind: 'aborted', level: 'warn', message: 'Wait for model aborted by stop event' });
  });

  it('returns aborted at once for an already aborted signal', async () => {
    const fake = fakeWaitEnv(() => dynamo(1, 1));
    const r = await waitForModel({ url: URL, format: 'dynamo', expectedPrefill: 1, expectedDecode: 1, env: fake.env, signal: AbortSignal.abort() });
    expect(r).toStrictEqual({ ok: false, reason: 'aborted', last: undefined, elapsedMs: 0, attempts: 0 });
    expect(fake.requests).toStrictEqual([]);
  });

  it('polls a real HTTP server through the real fetch of nodeEnv()', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      const decode = hits >= 3 ? 1 : 0;
      if (hits === 1) {
        res.writeHead(503).end('starting');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ instances: Array(decode).fill({ endpoint: 'generate', component: 'backend' }) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const r = await waitForModel({ url: `http://127.0.0.1:${port}/health`, format: 'dynamo', expectedPrefill: 0, expectedDecode: 1, intervalMs: 20, timeoutMs: 10_000, env: nodeEnv() });
      expect(r).toMatchObject({ ok: true, attempts: 3, result: { ready: true, decodeReady: 1 } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
