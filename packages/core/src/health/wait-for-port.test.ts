import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { nodeEnv } from '../env.ts';
import { fakeWaitEnv } from './_fake-wait-env.ts';
import { waitForPort } from './wait-for-port.ts';

describe('waitForPort', () => {
  it('returns as soon as the port accepts a connection', async () => {
    const fake = fakeWaitEnv(() => ({ status: 200 }), (n) => n === 5);
    expect(await waitForPort('head', 4222, { env: fake.env })).toStrictEqual({ ok: true, result: { host: 'head', port: 4222 }, elapsedMs: 4000, attempts: 5 });
  });

  it('gives up after the timeout (60 probes a second apart by default)', async () => {
    const fake = fakeWaitEnv(() => ({ status: 200 }));
    expect(await waitForPort('head', 2379, { env: fake.env })).toStrictEqual({ ok: false, reason: 'timeout', last: 'refused', elapsedMs: 60_000, attempts: 60 });
  });

  it('honours custom timeout and interval', async () => {
    const fake = fakeWaitEnv(() => ({ status: 200 }));
    const r = await waitForPort('head', 2379, { env: fake.env, timeoutMs: 2000, intervalMs: 500 });
    expect(r).toMatchObject({ ok: false, reason: 'timeout', attempts: 4 });
    expect(fake.sleeps).toStrictEqual([500, 500, 500, 500]);
  });

  it('probes once even when no time is left', async () => {
    const fake = fakeWaitEnv(() => ({ status: 200 }), () => true);
    expect(await waitForPort('head', 2379, { env: fake.env, timeoutMs: 0 })).toMatchObject({ ok: true, attempts: 1 });
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    const fake = fakeWaitEnv(() => ({ status: 200 }), (n) => {
      if (n === 2) controller.abort();
      return false;
    });
    expect(await waitForPort('head', 2379, { env: fake.env, signal: controller.signal })).toMatchObject({ ok: false, reason: 'aborted', attempts: 2 });
  });

  it('connects to a real listening socket with nodeEnv()', async () => {
    const server = createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(await waitForPort('127.0.0.1', port, { env: nodeEnv(), timeoutMs: 5000 })).toMatchObject({ ok: true, attempts: 1 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
