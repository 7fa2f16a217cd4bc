import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Every ```ts block of the architecture doc and the READMEs is a module that must type-check
// against the types users get: the packages' built declarations (dist/*.d.ts, so this needs
// `pnpm build`, as scripts/test.sh does first), with the repository's strict settings.
const ROOT = join(import.meta.dirname, '../..');
const DOCS = ['docs/architecture.md', 'README.md', 'packages/core/README.md', 'packages/backends/README.md', 'packages/benchmarks/README.md', 'packages/cli/README.md'];
const OUT = join(import.meta.dirname, '.doc-examples');

function examples(file: string): string[] {
  return [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('ts examples in the docs', () => {
  it('exist in the architecture doc', () => {
    expect(examples('docs/architecture.md').length).toBeGreaterThan(0);
  });

  it('type-check', () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const names: string[] = [];
    for (const doc of DOCS) {
      examples(doc).forEach((code, i) => {
        const name = `${doc.replaceAll('/', '__').replace(/\.md$/, '')}__${i + 1}.ts`;
        // Each block is its own module; `export {}` keeps declarations of different blocks apart.
        writeFileSync(join(OUT, name), `${code}\nexport {};\n`);
        names.push(name);
      });
    }
    writeFileSync(join(OUT, 'tsconfig.json'), JSON.stringify({ extends: '../../../tsconfig.base.json', compilerOptions: { customConditions: [] }, include: ['*.ts'] }));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(OUT, 'tsconfig.json')], { encoding: 'utf8' });
    expect(names.length).toBeGreaterThan(3);
    expect(tsc.stdout.replaceAll(`${OUT}/`, '')).toBe('');
  }, 120_000);
});
