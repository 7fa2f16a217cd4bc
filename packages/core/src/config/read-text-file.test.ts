import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeEnv } from '../env.ts';
import { readTextFile } from './read-text-file.ts';

const failing = (code: string) => ({ readFile: () => Promise.reject(Object.assign(new Error(`${code}: boom`), { code })) });

describe('readTextFile', () => {
  it('names a directory given for a file and says what to give instead', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-read-'));
    const e = await readTextFile(nodeEnv(), dir, 'recipe').catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'SRT_FILE_UNREADABLE' });
    expect((e as Error).message.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`"<dir> is a directory: give the recipe file inside it (e.g. <dir>/recipe.yaml)"`);
  });

  it.each([
    ['EACCES', 'SRT_FILE_UNREADABLE'],
    ['EIO', 'SRT_FILE_UNREADABLE'],
    ['ENOENT', 'SRT_CONFIG_NOT_FOUND'],
  ])('turns %s into %s with the file in the message', async (errno, code) => {
    const e = await readTextFile(failing(errno), '/r/x.yaml', 'recipe').catch((x: unknown) => x);
    expect(e).toMatchObject({ code });
    expect((e as Error).message).toContain('/r/x.yaml');
  });

  it('says permission denied for an unreadable file', async () => {
    const e = await readTextFile(failing('EACCES'), '/r/x.yaml', 'cluster file').catch((x: unknown) => x);
    expect((e as Error).message).toMatchInlineSnapshot(`"cannot read the cluster file /r/x.yaml: permission denied (check its mode with \`ls -l\`)"`);
  });
});
