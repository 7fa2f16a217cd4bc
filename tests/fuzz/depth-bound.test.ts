import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { depthBound, lexedDepthOffset } from '../../packages/core/src/config/yaml-limits.ts';

// refuseYamlText lexes a file for its nesting depth only when depthBound says it might be over
// the limit; the bound is sound when the lexer never counts deeper than it, for any text.
const PIECES = ['- ', '-', '? ', '?', ': ', ':', '[', ']', '{', '}', ',', ' ', '  ', '\t', '\n', '\r\n', '\r', 'a', 'key', '#', '"', "'", '|', '>', '---\n', '&x ', '*x', '\\', '\u2028'];
const yamlish = fc.array(fc.constantFrom(...PIECES), { maxLength: 300 }).map((parts) => parts.join(''));

describe('depthBound (the lexer-free bound of the nesting depth)', () => {
  it('is never below the depth the lexer counts, for any text', () => {
    fc.assert(
      fc.property(yamlish, (text) => lexedDepthOffset(text, depthBound(text)) === undefined),
      { numRuns: 3000, seed: 20261202 },
    );
  });

  it('holds for the shipped recipes, and lets them skip the lexer (they are far below the limit)', () => {
    const dir = join(import.meta.dirname, '../fixtures/recipes/examples');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(lexedDepthOffset(text, depthBound(text)), f).toBeUndefined();
      expect(depthBound(text), f).toBeLessThanOrEqual(64);
    }
  });

  it('counts a deep flow or block nesting past the limit, so the lexer still finds it', () => {
    expect(depthBound('['.repeat(100))).toBeGreaterThan(100);
    const block = Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(depthBound(block)).toBeGreaterThan(64);
    expect(lexedDepthOffset(block, 64)).toBeDefined();
    expect(depthBound('- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - a')).toBeGreaterThan(64);
  });
});
