import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../orchestrator/testing/processes.ts';
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

  it('exits 1 naming the service that died, and stops the other one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-head-'));
    // etcd's stand-in ignores its arguments and lives until stopped, so NATS (/bin/false) is the only service that can die.
    const etcd = join(dir, 'etcd-stand-in');
    await writeFile(etcd, `#!/bin/sh\necho $$ > ${dir}/etcd.pid\nexec sleep 30\n`, { mode: 0o755 });
    const { ctx, out } = context(new AbortController().signal);
    const started = Date.now();
    const code = await setupHead(['--name', 'demo', '--log-dir', dir, '--nats-binary', '/bin/false', '--etcd-binary', etcd], ctx);
    expect(code).toBe(1);
    expect(out()).toMatch(/\[ERROR\] nats exited with code 1\n/);
    expect(out()).not.toMatch(/etcd exited/);
    expect(Date.now() - started).toBeLessThan(20_000);
    const pid = Number((await readFile(join(dir, 'etcd.pid'), 'utf8').catch(() => '0')).trim());
    if (pid > 0) expect(isAlive(pid)).toBe(false);
  }, 30_000);
});
