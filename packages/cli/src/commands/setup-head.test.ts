import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';
import setupHead from './setup-head.ts';

const has = (bin: string): boolean => spawnSync('bash', ['-c', `command -v ${bin}`]).status === 0;
const portsFree = (): boolean => spawnSync('bash', ['-c', 'ss -ltn | grep -qE ":(4222|2379) "']).status !== 0;

function context(signal: AbortSignal) {
  let text = '';
  const waiters: (() => void)[] = [];
  const output = { write: (t: string) => ((text += t), waiters.forEach((w) => w())) };
  const ctx = { env: nodeEnv({ vars: process.env }), stdout: output, stderr: output, signal };
  const waitFor = (re: RegExp): Promise<void> => new Promise((r) => (re.test(text) ? r() : waiters.push(() => re.test(text) && r())));
  return { ctx, out: () => text, waitFor };
}

describe('srtctl setup-head', () => {
  it.skipIf(!has('nats-server') || !has('etcd') || !portsFree())('starts NATS and etcd, waits for their ports, and stops both on SIGTERM (exit 0)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-head-'));
    const stop = new AbortController();
    const { ctx, out, waitFor } = context(stop.signal);
    const done = setupHead(['--name', 'demo', '--log-dir', dir], ctx);
    await waitFor(/Head node infrastructure is ready/);
    stop.abort('SIGTERM');
    expect(await done).toBe(0);
    const lines = out().split('\n').map((l) => l.replace(/^\S+ \S+ /, ''));
    expect(lines.filter((l) => /ready on port|Received interrupt/.test(l))).toStrictEqual([
      '[INFO] NATS is ready on port 4222',
      '[INFO] etcd is ready on port 2379',
      '[INFO] Received interrupt, shutting down...',
    ]);
    expect(portsFree()).toBe(true);
  }, 60_000);

  it('exits 1 naming the service that died', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-head-'));
    const { ctx, out } = context(new AbortController().signal);
    const code = await setupHead(['--name', 'demo', '--log-dir', dir, '--nats-binary', '/bin/false', '--etcd-binary', '/bin/sleep'], ctx);
    expect(code).toBe(1);
    expect(out()).toMatch(/\[ERROR\] nats exited with code 1\n/);
  }, 30_000);
});
