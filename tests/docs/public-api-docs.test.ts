import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every function a package exports (through its index.ts) has a doc comment with an
// `@example`. API-WITHOUT-EXAMPLE.txt lists the ones written before this rule; it may only
// shrink: a new export without an example fails here.
const ROOT = join(import.meta.dirname, '../..');
const PACKAGES = ['core', 'backends', 'benchmarks', 'cli'];

function exportedFiles(index: string): string[] {
  const files = new Set<string>();
  const visit = (file: string): void => {
    for (const m of readFileSync(file, 'utf8').matchAll(/export (?:\*|\{[^}]*\}) from '(\.[^']+)'/g)) {
      const target = join(dirname(file), m[1]!);
      if (files.has(target)) continue;
      files.add(target);
      visit(target);
    }
  };
  visit(index);
  return [...files];
}

function functionsWithoutExample(): string[] {
  const out: string[] = [];
  for (const pkg of PACKAGES) {
    for (const file of exportedFiles(join(ROOT, 'packages', pkg, 'src/index.ts'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?export (?:async )?function (\w+)/g)) {
        if (m[1]?.includes('@example') !== true) out.push(`${file.slice(ROOT.length + 1)}: ${m[2]}`);
      }
    }
  }
  return out.sort();
}

describe('public functions', () => {
  it('have a doc comment with an @example (except the listed older ones)', () => {
    const allowed = new Set(readFileSync(join(import.meta.dirname, 'API-WITHOUT-EXAMPLE.txt'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')));
    expect(functionsWithoutExample().filter((f) => !allowed.has(f))).toStrictEqual([]);
  });
});
