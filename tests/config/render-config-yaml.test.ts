import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { renderConfigYaml, renderPlainConfigYaml } from '../../packages/core/src/config/render-config-yaml.ts';

// renderConfigYaml writes plain documents itself and must give the yaml library's text byte for
// byte (the library is what the snapshot format is defined by); anything it does not write
// itself goes to the library, so only its own text can differ.
const library = (doc: unknown): string => stringify(doc, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });

// Strings near every rule: YAML 1.1 words and numbers, indicators, colons, comments, document
// markers, control characters, and ordinary recipe values.
const WORDS = ['yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'null', '~', '', ' ', '-', '?', ':', '- a', '? a', 'a: b', 'a:b', 'a #b', 'a#b', '#a', 'a:', ' a', 'a ', '---', '...', '%x', '<<', '=',
  '0', '08', '0x1F', '0b101', '017', '1_000', '1:30', '190:20:30', '1.5', '.5', '1e5', '1.0e+5', '.inf', '-.Inf', '.NaN', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '4x16', '01:00:00',
  'nvcr.io/nvidia/sglang:0.4', '/models/dsr1', 'fp8', 'mem-fraction-static', 'CUDA_VISIBLE_DEVICES', '{job_id}', '[a]', '*x', '&a', '!tag', '|', '>', "'q'", '"q"', 'a\tb', 'a\nb', 'é', '✓', '\u0007', 'x'.repeat(1100)];
const str = fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 12 }), fc.stringMatching(/^[a-z][a-z0-9_./:-]{0,20}$/));
const scalar = fc.oneof(str, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(0.1, 0.85, 1e21, 1e-7, -0, 2 ** 53));
const { doc } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('seq'), tie('doc')),
  seq: fc.array(tie('value'), { maxLength: 4 }),
  doc: fc.dictionary(str, tie('value'), { maxKeys: 5 }),
}));

describe('renderConfigYaml', () => {
  it('writes what the yaml library writes, for any plain document', () => {
    fc.assert(
      fc.property(doc, (d) => {
        expect(renderConfigYaml(d)).toBe(library(d));
      }),
      { numRuns: 3000, seed: 20261202 },
    );
  });

  it('writes every shipped recipe as the library does, and reads back to the same data', () => {
    const dir = join(import.meta.dirname, '../fixtures/recipes/examples');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(10);
    let own = 0;
    for (const f of files) {
      const data = parse(readFileSync(join(dir, f), 'utf8'), { version: '1.1', merge: true }) as unknown;
      const text = renderConfigYaml(data);
      expect(text, f).toBe(library(data));
      expect(parse(text, { version: '1.1' }), f).toStrictEqual(parse(library(data), { version: '1.1' }));
      if (renderPlainConfigYaml(data) !== undefined) own += 1;
    }
    expect(own).toBe(files.length); // the shipped recipes never need the library
  });
});
