import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendSchemas } from '@srt/backends';
import { isSrtError, loadConfig, nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/recipes/broken');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const env = nodeEnv({ cwd: dir });

/** What `srtctl validate` shows: the message, then one `file:line:col path: message` line per problem. */
async function report(file: string): Promise<string> {
  try {
    await loadConfig(file, { env, backends: backendSchemas, cluster: null });
  } catch (e) {
    if (!isSrtError(e)) throw e;
    return [`${e.code}: ${e.message}`, ...e.details].join('\n') + '\n';
  }
  throw new Error(`${file} loaded without errors`);
}

describe('loadConfig on broken recipes', () => {
  it('has a corpus to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('reports every problem of %s with file, line, column and path', async (file) => {
    await expect(await report(file)).toMatchFileSnapshot(join(dir, file.replace(/\.yaml$/, '.errors.txt')));
  });
});
