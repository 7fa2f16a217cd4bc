import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejected } from '../config/_errors.ts';
import { writeOutputFile, writeOutputFileSync } from './write-output-file.ts';

describe('writeOutputFile', () => {
  it('writes the whole file (creating its directory) and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'srt-out-'));
    await writeOutputFile(join(dir, 'a/b/result.json'), '{"ok":true}\n');
    writeOutputFileSync(join(dir, 'a/b/meta.json'), '{}\n');
    expect(readFileSync(join(dir, 'a/b/result.json'), 'utf8')).toBe('{"ok":true}\n');
    expect(readdirSync(join(dir, 'a/b')).sort()).toStrictEqual(['meta.json', 'result.json']);
  });

  it('a write that fails is SRT_OUTPUT_FAILED naming the file and why, with nothing half-written left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'srt-out-'));
    writeFileSync(join(dir, 'file'), '');
    const target = join(dir, 'file/result.json');
    const e = await rejected(writeOutputFile(target, 'x'));
    expect(e.code).toBe('SRT_OUTPUT_FAILED');
    expect(e.message).toBe(`Could not write ${target}: a parent is not a directory; free space or choose another output directory (results written before it are kept)`);
    expect(readdirSync(dir)).toStrictEqual(['file']);
  });
});
