import { describe, expect, it } from 'vitest';
import { runArgv } from './run-argv.ts';

describe('runArgv', () => {
  it('passes each argument as is (no shell) and collects both streams', async () => {
    const r = await runArgv(['node', '-e', 'process.stdout.write(process.argv[1]); process.stderr.write("e"); process.exit(3)', '$(echo no) "x"']);
    expect(r).toStrictEqual({ exitCode: 3, stdout: '$(echo no) "x"', stderr: 'e' });
  });

  it('feeds input on stdin', async () => {
    const r = await runArgv(['node', '-e', 'process.stdin.pipe(process.stdout)'], { input: 'script' });
    expect(r.stdout).toBe('script');
  });

  it('reports a missing program as exit 127 with one stderr line', async () => {
    expect(await runArgv(['srt-no-such-program-x'])).toStrictEqual({ exitCode: 127, stdout: '', stderr: 'srt-no-such-program-x: command not found\n' });
  });

  it('kills a program that outlives its timeout (exit 124)', async () => {
    const r = await runArgv(['node', '-e', 'setTimeout(() => {}, 10_000)'], { timeoutMs: 50 });
    expect(r.exitCode).toBe(124);
  });
});
