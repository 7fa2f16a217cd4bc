import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(dirname(fileURLToPath(import.meta.url)));
const IO_IMPORT = /from '(node:[a-z/_]+|zx|undici)'/g;

/** Source files (not tests, not test helpers) of a folder and what world-touching modules they import. */
function ioImports(folder: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of readdirSync(join(src, folder))) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name.startsWith('_')) continue;
    if (name === 'read-cluster.ts') continue; // the SLURM edge (scontrol, DNS), by design
    const found = [...readFileSync(join(src, folder, name), 'utf8').matchAll(IO_IMPORT)].map((m) => m[1]!);
    if (found.length > 0) out[`${folder}/${name}`] = found;
  }
  return out;
}

describe('config, cluster, format and sweep modules', () => {
  it('do no I/O except in the load and find functions (node:path is pure and allowed for paths)', () => {
    const all = { ...ioImports('config'), ...ioImports('cluster'), ...ioImports('format'), ...ioImports('sweep') };
    const io = Object.fromEntries(
      Object.entries(all)
        .map(([file, mods]) => [file, mods.filter((m) => m !== 'node:path')] as const)
        .filter(([, mods]) => mods.length > 0),
    );
    expect(io).toStrictEqual({});
  });
});
