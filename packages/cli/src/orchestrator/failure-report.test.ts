import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogTail, renderFailureReport } from './failure-report.ts';

const failure = {
  name: 'decode_1_n2',
  node: 'n2',
  logFile: '/logs/n2_decode_w1.out',
  exitCode: 3,
  status: { code: 3, signal: null },
} as const;

describe('renderFailureReport', () => {
  it('prints nothing when no process failed', () => {
    expect(renderFailureReport([])).toStrictEqual([]);
  });

  it('names the process, its node and log file, and indents the tail of its log', () => {
    expect(renderFailureReport([{ failure, tail: { kind: 'lines', lines: ['loading', 'CUDA error: out of memory'] } }])).toMatchInlineSnapshot(`
      [
        "============================================================",
        "FAILURE DETAILS",
        "============================================================",
        "",
        "--- Process: decode_1_n2 ---",
        "Exit code: 3",
        "Node: n2",
        "Log file: /logs/n2_decode_w1.out",
        "",
        "Last 50 lines of log:",
        "  loading",
        "  CUDA error: out of memory",
        "============================================================",
      ]
    `);
  });

  it('says which signal killed a process, that it never started, or why its log is unreadable', () => {
    const killed = { ...failure, exitCode: -9, status: { code: null, signal: 'SIGKILL' as const } };
    const unstarted = { ...failure, name: 'frontend_0', node: '', logFile: '', exitCode: 127, status: { code: 127, signal: null, error: 'spawn srun ENOENT' } };
    expect(
      renderFailureReport([
        { failure: killed, tail: { kind: 'empty' } },
        { failure: unstarted, tail: { kind: 'error', message: 'EACCES' } },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "============================================================",
        "FAILURE DETAILS",
        "============================================================",
        "",
        "--- Process: decode_1_n2 ---",
        "Exit code: -9",
        "Node: n2",
        "Log file: /logs/n2_decode_w1.out",
        "Signal: SIGKILL",
        "",
        "--- Process: frontend_0 ---",
        "Exit code: 127",
        "Node: unknown",
        "Log file: none",
        "Start error: spawn srun ENOENT",
        "Could not read log file: EACCES",
        "============================================================",
      ]
    `);
  });
});

describe('readLogTail', () => {
  it.each([
    ['a short log', 'a\nb\nc\n', { kind: 'lines', lines: ['a', 'b', 'c'] }],
    ['a log without a final newline', 'a\nb', { kind: 'lines', lines: ['a', 'b'] }],
    ['an empty log', '', { kind: 'empty' }],
    ['a long log', Array.from({ length: 120 }, (_, i) => `line ${i}`).join('\n'), { kind: 'lines', lines: Array.from({ length: 50 }, (_, i) => `line ${70 + i}`) }],
  ])('returns the last 50 lines of %s', async (_what, content, expected) => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-tail-'));
    await writeFile(join(dir, 'x.out'), content);
    expect(await readLogTail(join(dir, 'x.out'))).toStrictEqual(expected);
  });

  it('treats a missing log as empty', async () => {
    expect(await readLogTail('/nonexistent/srt/x.out')).toStrictEqual({ kind: 'empty' });
  });

  it('drops the cut first line of a log larger than what it reads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-tail-'));
    await writeFile(join(dir, 'big.out'), `${'x'.repeat(300 * 1024)}\nlast\n`);
    expect(await readLogTail(join(dir, 'big.out'))).toStrictEqual({ kind: 'lines', lines: ['last'] });
  });
});
