import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../context.ts';
import setup from './setup.ts';

function context(cwd: string, vars: Record<string, string | undefined>): CommandContext & { out: () => string } {
  let text = '';
  const output = { write: (t: string) => void (text += t) };
  return { env: nodeEnv({ cwd, vars }), stdout: output, stderr: output, signal: new AbortController().signal, out: () => text };
}

async function fakeBinary(dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\necho ${name}\n`, { mode: 0o700 });
  return path;
}

describe('srtctl setup', () => {
  it('copies nats-server and etcd found on PATH into <root>/configs, executable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-setup-'));
    await fakeBinary(join(dir, 'bin'), 'nats-server');
    await fakeBinary(join(dir, 'bin'), 'etcd');
    const ctx = context(dir, { PATH: `/nonexistent:${join(dir, 'bin')}` });
    expect(await setup(['--root', 'srt'], ctx)).toBe(0);
    for (const name of ['nats-server', 'etcd']) {
      expect(await readFile(join(dir, 'srt/configs', name), 'utf8')).toBe(`#!/bin/sh\necho ${name}\n`);
      expect((await stat(join(dir, 'srt/configs', name))).mode & 0o777).toBe(0o755);
    }
    expect(ctx.out()).toContain(`nats-server: copied ${join(dir, 'bin/nats-server')} to ${join(dir, 'srt/configs/nats-server')}\n`);
  });

  it('takes given paths over PATH', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-setup-'));
    const nats = await fakeBinary(join(dir, 'dl'), 'nats-server');
    await fakeBinary(join(dir, 'bin'), 'etcd');
    expect(await setup(['--root', dir, '--nats', nats], context(dir, { PATH: join(dir, 'bin') }))).toBe(0);
    expect(await readFile(join(dir, 'configs/nats-server'), 'utf8')).toContain('nats-server');
  });

  it('names every missing binary, says it never downloads, and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-setup-'));
    const err = await setup(['--root', dir, '--etcd', 'nope'], context(dir, { PATH: '/nonexistent' })).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'SRT_SETUP_FAILED',
      message: expect.stringContaining('nats-server and etcd not found. srtctl never downloads binaries'),
      details: [
        'nats-server: not on PATH; pass --nats PATH (a Linux binary for the compute nodes), or install it (Debian: apt-get install nats-server; releases: https://github.com/nats-io/nats-server/releases)',
        `etcd: ${join(dir, 'nope')} does not exist; pass --etcd PATH (a Linux binary for the compute nodes), or install it (Debian: apt-get install etcd-server; releases: https://github.com/etcd-io/etcd/releases)`,
      ],
    });
    await expect(stat(join(dir, 'configs'))).rejects.toThrow();
  });
});
