import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeEnv } from '../env.ts';
import { applyFormatSpec } from '../format/format-spec.ts';
import { sweepCombinations } from '../sweep/sweep-combinations.ts';
import { rejected, thrown } from './_errors.ts';
import { LIMITS } from './limits.ts';
import { loadConfig } from './load-config.ts';
import { parseConfig } from './parse-config.ts';

const RECIPE = [
  'name: demo',
  'model: {path: /m, container: c, precision: fp8}',
  'resources: {gpu_type: h100, gpus_per_node: 4, agg_nodes: 1, agg_workers: 1}',
].join('\n');
const parse = (text: string) => thrown(() => parseConfig(text, { source: 'r.yaml' }));

describe('input errors are located SrtErrors, limits have their own codes', () => {
  it.each([
    ['alias expansion', 'a: &a [1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n', 'SRT_LIMIT_ALIASES', /^r\.yaml:2:\d+ \(root\): the aliases .* more than 1000 copies/],
    ['merge of a scalar', 'a: 1\nb:\n  <<: 3\n', 'SRT_CONFIG_INVALID', /^r\.yaml:3:3 \(root\): a merge key/],
    ['alias before its anchor', 'a: 1\nb: *x\n', 'SRT_CONFIG_INVALID', /^r\.yaml:2:4 \(root\): the alias \*x has no anchor/],
    ['deep flow nesting', `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'SRT_LIMIT_DEPTH', /^r\.yaml:1:\d+ \(root\): maps and lists are nested more than 64 levels/],
    ['deep compact lists', `${'- '.repeat(100_000)}a\n`, 'SRT_LIMIT_DEPTH', /nested more than 64/],
    ['deep block maps', `${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`, 'SRT_LIMIT_DEPTH', /^r\.yaml:65:65 /],
    ['a NUL byte', 'a: 1\nb: x\0y\n', 'SRT_CONFIG_INVALID', /^r\.yaml:2:5 \(root\): the file contains the unprintable character U\+0000/],
    ['invalid UTF-8', 'a: \uFFFD\n', 'SRT_CONFIG_INVALID', /not UTF-8 text/],
    ['several documents', `${RECIPE}\n---\n${RECIPE}\n`, 'SRT_CONFIG_INVALID', /^r\.yaml:4:1 \(root\): YAML syntax error: the file holds several YAML documents/],
    ['a huge string', `a: ${'x'.repeat(LIMITS.stringLength + 1)}\n`, 'SRT_LIMIT_STRING', /^r\.yaml:1:4 \(root\): a string of 65,537 characters, over the limit of 65,536/],
    ['too many keys', Array.from({ length: LIMITS.keys + 1 }, (_, i) => `k${i}: 1`).join('\n'), 'SRT_LIMIT_KEYS', /more than 2,000 map entries/],
    ['a huge file', `a: "${'x'.repeat(LIMITS.fileBytes)}"\n`, 'SRT_LIMIT_FILE_SIZE', /over the limit of 256 KiB/],
  ])('%s', (_name, text, code, detail) => {
    const t = performance.now();
    const e = parse(text);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(e.code).toBe(code);
    expect(e.details[0]).toMatch(detail);
  });

  it('reads a file that starts with a BOM like one without', () => {
    expect(parseConfig(`\uFEFF${RECIPE}`, { source: 'r.yaml' }).config.name).toBe('demo');
  });

  it('refuses resources past their bounds and plans past the planning budget, at the key', () => {
    const gpus = parse(RECIPE.replace('gpus_per_node: 4', 'gpus_per_node: 2147483647'));
    expect(gpus.code).toBe('SRT_LIMIT_RESOURCES');
    expect(gpus.details[0]).toBe('r.yaml:3:44 resources.gpus_per_node: 2,147,483,647 is over the limit of 1,024: is it a typo?');
    const nodes = parse(RECIPE.replace('agg_nodes: 1, agg_workers: 1', 'agg_nodes: 5000, agg_workers: 1'));
    expect(nodes.code).toBe('SRT_LIMIT_PLANNING');
    expect(nodes.details[0]).toMatch(/^r\.yaml:3:1 resources: 5,000 nodes, over the planning limit of 1,024 nodes per job/);
  });

  it('refuses a placeholder width and a sweep past their limits', () => {
    expect(thrown(() => applyFormatSpec('42', '>100000000')).code).toBe('SRT_LIMIT_PLACEHOLDER_WIDTH');
    expect(applyFormatSpec('42', '>5')).toBe('   42');
    const nine = Array.from({ length: 9 }, (_, i) => i);
    const e = thrown(() => sweepCombinations(['a', 'b', 'c', 'd', 'e'].map((n) => [n, nine] as const), 'grid'));
    expect(e.code).toBe('SRT_LIMIT_SWEEP');
    expect(e.message).toMatch(/^the sweep makes 59,049 jobs \(grid\), over the limit of 512/);
  });

  it('names a directory, an unreadable file and an empty file in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'srt-limits-'));
    mkdirSync(join(dir, 'recipe.yaml'));
    writeFileSync(join(dir, 'empty.yaml'), '');
    writeFileSync(join(dir, 'secret.yaml'), RECIPE);
    chmodSync(join(dir, 'secret.yaml'), 0o000);
    const env = nodeEnv({ cwd: dir, vars: {} });
    const asDir = await rejected(loadConfig('recipe.yaml', { env, cluster: null }));
    expect(asDir).toMatchObject({ code: 'SRT_FILE_UNREADABLE', message: 'recipe.yaml is a directory: give the recipe file inside it (e.g. recipe.yaml/recipe.yaml)' });
    const empty = await rejected(loadConfig('empty.yaml', { env, cluster: null }));
    expect(empty.details).toStrictEqual(['empty.yaml:1:1 (root): the file is empty: a recipe needs at least `name`, `model` and `resources`']);
    if (process.getuid?.() !== 0) {
      expect((await rejected(loadConfig('secret.yaml', { env, cluster: null }))).message).toBe('cannot read the recipe secret.yaml: permission denied (check its mode with `ls -l`)');
    }
    writeFileSync(join(dir, 'big.yaml'), 'x'.repeat(LIMITS.fileBytes + 1));
    expect((await rejected(loadConfig('big.yaml', { env, cluster: null }))).code).toBe('SRT_LIMIT_FILE_SIZE');
  });
});
