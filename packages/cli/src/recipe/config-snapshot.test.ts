import { describe, expect, it } from 'vitest';
import { renderSortedYaml, withoutNulls } from './config-snapshot.ts';

describe('withoutNulls', () => {
  it('drops null and undefined map entries at any depth, keeping list items', () => {
    expect(withoutNulls({ a: null, b: { c: undefined, d: 1, e: [null, { f: null }] } })).toStrictEqual({ b: { d: 1, e: [null, {}] } });
  });
});

describe('renderSortedYaml', () => {
  it('writes block-style YAML with keys sorted and YAML 1.1 look-alikes quoted', () => {
    expect(renderSortedYaml({ slurm: { time_limit: '04:00:00' }, name: 'x', flag: 'yes' })).toMatchInlineSnapshot(`
      "flag: "yes"
      name: x
      slurm:
        time_limit: "04:00:00"
      "
    `);
  });
});
