import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLocalCommand, createLocalExecutor } from './local-executor.ts';
import { plannedProcess } from './testing/fixtures.ts';
import { isAlive, pidsInGroup } from './testing/processes.ts';

describe('buildLocalCommand', () => {
  it('runs the preamble, exports the environment with quoted values, then execs the program', () => {
    const p = plannedProcess({ name: 'w', preamble: "echo 'setup'", env: [['A', "it's $(x)"]], argv: ['python3', '-m', 'x y'] });
    expect(buildLocalCommand(p)).toBe(`echo 'setup' && export A='it'"'"'s $(x)' && exec python3 -m 'x y'`);
  });
});

describe('createLocalExecutor', () => {
  const executor = createLocalExecutor({ vars: { PATH: process.env['PATH'] }, cwd: tmpdir() });

  it('runs a process with its environment, appends its output to its log file (creating the folder) and reports its exit code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-local-'));
    const logFile = join(dir, 'logs', 'deep', 'w.out');
    const handle = executor.start(plannedProcess({ name: 'w', logFile, env: [['GREETING', 'hi there']], argv: ['bash', '-c', 'echo "$GREETING"; echo err >&2; exit 3'] }));
    expect(await handle.exited).toStrictEqual({ code: 3, signal: null });
    expect(await readFile(logFile, 'utf8')).toBe('hi there\nerr\n');
  });

  it('stops the whole process tree on terminate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-local-'));
    const handle = executor.start(plannedProcess({ name: 'tree', logFile: join(dir, 't.out'), argv: ['bash', '-c', 'sleep 30 & sleep 31; wait'] }));
    await waitFor(() => pidsInGroup(handle.pid).length === 3);
    handle.terminate();
    const status = await handle.exited;
    expect(status.signal).toBe('SIGTERM');
    await waitFor(() => pidsInGroup(handle.pid).length === 0);
    expect(pidsInGroup(handle.pid)).toStrictEqual([]);
  });

  it('kills a process that ignores SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-local-'));
    const handle = executor.start(plannedProcess({ name: 'stubborn', logFile: join(dir, 's.out'), argv: ['bash', '-c', 'trap "" TERM; echo ready; while :; do sleep 0.05; done'] }));
    await waitFor(async () => (await readFile(join(dir, 's.out'), 'utf8').catch(() => '')) === 'ready\n');
    handle.terminate();
    const raced = await Promise.race([handle.exited, new Promise((r) => setTimeout(() => r('still running'), 300))]);
    expect(raced).toBe('still running');
    handle.kill();
    expect(await handle.exited).toStrictEqual({ code: null, signal: 'SIGKILL' });
    expect(isAlive(handle.pid)).toBe(false);
  });

  it('kills what a process left running in its group when it exits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-local-'));
    const handle = executor.start(plannedProcess({ name: 'parent', logFile: join(dir, 'p.out'), argv: ['bash', '-c', 'sleep 30 & sleep 0.3'] }));
    await waitFor(() => pidsInGroup(handle.pid).length === 3);
    await handle.exited;
    await waitFor(() => pidsInGroup(handle.pid).length === 0);
    expect(pidsInGroup(handle.pid)).toStrictEqual([]);
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
