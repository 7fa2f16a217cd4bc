import { describe, expect, it } from 'vitest';
import { parseYaml } from '../config/pyyaml-tags.ts';
import { applyDocumentEdits, parseDocumentEdits, parseEditValue } from './document-edits.ts';
import { checkOverrideStructure, expandOverrides } from './expand-overrides.ts';
import { fnmatchRegExp } from './fnmatch.ts';
import { mergeOverride } from './merge-override.ts';
import { parseSelector } from './override-selector.ts';
import { renderVariantYaml } from './render-variant-yaml.ts';

const DEMO = `# demo.yaml
base:
  name: demo                     # job name
  model: {path: dsr1, container: sglang-latest, precision: fp8}
  environment: {FOO: "1", BAR: "2"}
  benchmark: {type: sa-bench, isl: 1024, osl: 1024, concurrencies: [4, 8]}
override_lowmem:
  environment: {BAR: null, BAZ: "3"}
  benchmark: {concurrencies: [16]}
  setup_script: fix.sh
zip_override_dn:
  resources: {decode_nodes: [2, 4]}
  benchmark: {osl: [2048], concurrencies: [[4, 8], [16]]}
`;
const demo = parseYaml(DEMO) as Record<string, unknown>;

describe('mergeOverride', () => {
  it('merges maps, replaces lists, deletes nulls (also in new subtrees, V19) and never mutates', () => {
    const base = { a: { x: 1, y: [1, 2] }, b: 1 };
    expect(mergeOverride(base, { a: { y: [3], z: null, w: { k: null, j: 1 } }, b: null, c: 2 })).toStrictEqual({ a: { x: 1, y: [3], w: { j: 1 } }, c: 2 });
    expect(base).toStrictEqual({ a: { x: 1, y: [1, 2] }, b: 1 });
  });
});

describe('expandOverrides', () => {
  it('expands the worked example of §1.9: base excluded, overrides then zip groups', () => {
    const vs = expandOverrides(demo);
    expect(vs.map((v) => [v.label, v.suffix, v.document['name']])).toStrictEqual([
      ['override_lowmem', 'lowmem', 'demo_lowmem'],
      ['zip_override_dn[0]', 'dn_0', 'demo_dn_0'],
      ['zip_override_dn[1]', 'dn_1', 'demo_dn_1'],
    ]);
    expect(vs[0]!.document['environment']).toStrictEqual({ FOO: '1', BAZ: '3' });
    expect(Object.keys(vs[0]!.document)).toStrictEqual(['name', 'model', 'environment', 'benchmark', 'setup_script']);
    expect([vs[1]!.document['benchmark'], vs[2]!.document['benchmark']]).toStrictEqual([
      { type: 'sa-bench', isl: 1024, osl: 2048, concurrencies: [4, 8] },
      { type: 'sa-bench', isl: 1024, osl: 2048, concurrencies: [16] },
    ]);
  });

  it.each([
    ['base', ['base']],
    ['zip_override_dn[1]', ['dn_1']],
    ['*dn*', ['dn_0', 'dn_1']],
    ['zip_override_*', ['dn_0', 'dn_1']],
    ['override_*', ['lowmem']],
    ['override_lowmem', ['lowmem']],
    ['zip_override_dn', ['dn_0', 'dn_1']],
  ])('selects %s', (selector, suffixes) => {
    expect(expandOverrides(demo, parseSelector(selector)).map((v) => v.suffix)).toStrictEqual(suffixes);
  });

  it('gives upstream messages for bad selections', () => {
    expect(() => expandOverrides(demo, parseSelector('zip_override_dn[2]'))).toThrow("Index [2] out of range for 'zip_override_dn' (has 2 variants, valid: 0–1)");
    expect(parseSelector('lowmem')).toBeUndefined();
    expect(() => expandOverrides(demo, parseSelector('*nope*'))).toThrow("No variants match '*nope*'. Available: override_lowmem, zip_override_dn[0], zip_override_dn[1]");
    expect(() => expandOverrides({ base: { name: 'x' } }, undefined, 'b.yaml')).toThrow('b.yaml has no override_* or zip_override_* sections; select the base with b.yaml:base');
  });

  it('rejects duplicate suffixes (V3)', () => {
    expect(() => expandOverrides({ base: { name: 'x' }, override_tp_0: {}, zip_override_tp: { a: [1, 2] } })).toThrow('override_tp_0 and zip_override_tp[0] both have the suffix tp_0');
  });

  it('takes zip names from a name list', () => {
    expect(expandOverrides({ base: { name: 'x' }, zip_override_g: { name: ['a', 'b'], n: [1, 2] } }).map((v) => v.document['name'])).toStrictEqual(['a', 'b']);
  });
});

describe('checkOverrideStructure', () => {
  it('reports typos, null sections, scalar zip names, bad zips and zipped sweeps', () => {
    const issues = checkOverrideStructure({
      base: { name: 'x' },
      overide_x: {},
      override_y: null,
      zip_override_a: { name: 'n', v: [1, 2] },
      zip_override_b: { v: [1, 2], w: [1, 2, 3] },
      zip_override_c: { v: 1 },
      zip_override_d: { sweep: { p: [1, 2] } },
    });
    expect(issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toStrictEqual([
      'overide_x: unknown key in an override file (only base, override_<name> and zip_override_<name>); did you mean override_x?',
      'override_y: empty section; write `override_y: {}` to run base under another name, or delete it',
      'zip_override_a.name: zip_override_a.name must be a list with one name per variant, or absent',
      'zip_override_b.w: Incompatible zip lengths [2, 3]. All lists must have the same length or length 1 (broadcast).',
      'zip_override_c: zip_override section contains no list values — nothing to zip',
      'zip_override_d.sweep: zip_override_d.sweep: sweep parameters cannot be zipped; put the sweep in base or in an override_* section',
    ]);
  });
});

describe('fnmatchRegExp', () => {
  it.each([
    ['*dn*', 'zip_override_dn', true],
    ['override_?', 'override_a', true],
    ['override_[ab]', 'override_c', false],
    ['override_[!ab]', 'override_c', true],
    ['Override_*', 'override_a', false],
  ])('%s against %s', (p, s, ok) => {
    expect(fnmatchRegExp(p).test(s)).toBe(ok);
  });
});

describe('--set / --unset', () => {
  it.each([
    ['720', 720],
    ['0.85', 0.85],
    ['yes', true],
    ['1e5', '1e5'],
    ['04:00:00', '04:00:00'],
    ['4:00:00', 14400],
    ['', null],
    ['"yes"', 'yes'],
    ['[4,8]', [4, 8]],
    ['{"method": "eagle"}', '{"method": "eagle"}'],
  ])('types %j as a recipe value', (text, value) => {
    expect(parseEditValue(text, 'p')).toStrictEqual(value);
  });

  it('rejects lists of maps, broken values and bad paths', () => {
    expect(() => parseEditValue('[{a: 1}]', 'p')).toThrow('a --set list cannot contain a mapping');
    expect(() => parseEditValue('[1,2', 'p')).toThrow('--set p: value is not a single YAML value');
    expect(() => parseDocumentEdits([{ flag: 'set', value: 'a..b=1' }])).toThrow('--set a..b: invalid path: unexpected "." at column 3');
    expect(() => parseDocumentEdits([{ flag: 'set', value: 'ab' }])).toThrow('--set needs PATH=VALUE, got "ab"');
  });

  it('applies edits in order, creating parents, indexing lists and unsetting leniently', () => {
    const edits = parseDocumentEdits([
      { flag: 'set', value: 'health_check.max_attempts=720' },
      { flag: 'set', value: 'benchmark.concurrencies[1]=64' },
      { flag: 'set', value: 'container_mounts."/data/v1.2"=/d' },
      { flag: 'unset', value: 'slurm.time_limit' },
      { flag: 'unset', value: 'nope.x' },
    ]);
    const r = applyDocumentEdits({ benchmark: { concurrencies: [4, 8] }, slurm: { time_limit: '1:00' } }, edits);
    expect(r.document).toStrictEqual({ benchmark: { concurrencies: [4, 64] }, slurm: {}, health_check: { max_attempts: 720 }, container_mounts: { '/data/v1.2': '/d' } });
    expect(r.warnings).toStrictEqual(['--unset nope.x: not present, nothing removed']);
    expect(r.applied[3]).toStrictEqual({ op: 'unset', path: 'slurm.time_limit', removed: true });
    expect(() => applyDocumentEdits({ a: 'x' }, parseDocumentEdits([{ flag: 'set', value: 'a.b=1' }]))).toThrow('--set a.b: a is a string, not a map');
    expect(() => applyDocumentEdits({ a: [1] }, parseDocumentEdits([{ flag: 'set', value: 'a[3]=1' }]))).toThrow('--set a[3]: a has 1 element, no [3]');
  });
});

describe('renderVariantYaml', () => {
  it('keeps comments, order and styles, and reads back as the merged document', () => {
    for (const v of expandOverrides(demo)) {
      const text = renderVariantYaml(DEMO, v, v.document);
      expect(parseYaml(text)).toStrictEqual(v.document);
      expect(text).toContain('# job name');
      expect(text).not.toContain('# demo.yaml');
    }
    const lowmem = expandOverrides(demo)[0]!;
    expect(renderVariantYaml(DEMO, lowmem, lowmem.document)).toMatchInlineSnapshot(`
      "name: demo_lowmem # job name
      model: {path: dsr1, container: sglang-latest, precision: fp8}
      environment: {FOO: "1", BAZ: "3"}
      benchmark: {type: sa-bench, isl: 1024, osl: 1024, concurrencies: [16]}
      setup_script: fix.sh
      "
    `);
  });

  it('quotes strings that YAML 1.1 would re-type (V17)', () => {
    const src = 'base:\n  name: x\nzip_override_g:\n  flag: [a, b]\n';
    const v = expandOverrides(parseYaml(src) as Record<string, unknown>)[0]!;
    const doc = { ...v.document, flag: 'yes' };
    expect(parseYaml(renderVariantYaml(src, v, doc))).toStrictEqual(doc);
  });
});
