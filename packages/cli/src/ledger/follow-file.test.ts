import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { followFile } from './follow-file.ts';

describe('followFile', () => {
  it('prints whole lines as they are appended (even before the file exists) and ends with what is left once done', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'srt-follow-'));
    const path = join(dir, 'log');
    const out: string[] = [];
    let polls = 0;
    const steps = [() => {}, () => appendFileSync(path, 'one\ntw'), () => appendFileSync(path, 'o\n'), () => appendFileSync(path, 'last')];
    await followFile(path, {
      write: (t) => out.push(t),
      done: () => polls >= steps.length,
      sleep: async () => {
        steps[polls]?.();
        polls += 1;
      },
    });
    rmSync(dir, { recursive: true, force: true });
    expect(out).toStrictEqual(['one\n', 'two\n', 'last\n']);
  });
});
