import { describe, expect, it } from 'vitest';
import { getPath, parseAnswer, renderRecipeSummary, setPath } from './recipe-summary.ts';

describe('parseAnswer', () => {
  it.each([
    ['8', 8],
    [' -2 ', -2],
    ['0.5', 0.5],
    ['1e3', 1000],
    ['my-job', 'my-job'],
  ])('reads %j as %j (int, else float, else the string)', (text, value) => {
    expect(parseAnswer(text)).toStrictEqual(value);
  });
});

describe('setPath', () => {
  it('sets a nested value in a copy, creating missing parent maps', () => {
    const doc = { name: 'a', resources: { gpu_type: 'h100' } };
    expect(setPath(doc, 'benchmark.isl', 1024)).toStrictEqual({ name: 'a', resources: { gpu_type: 'h100' }, benchmark: { isl: 1024 } });
    expect(doc).toStrictEqual({ name: 'a', resources: { gpu_type: 'h100' } });
  });
});

describe('getPath', () => {
  it.each([
    ['resources.gpu_type', 'h100'],
    ['resources.nope', undefined],
    ['name.deeper', undefined],
  ])('reads %s', (path, value) => {
    expect(getPath({ name: 'a', resources: { gpu_type: 'h100' } }, path)).toBe(value);
  });
});

describe('renderRecipeSummary', () => {
  it('shows N/A for missing values and lists sweep parameters', () => {
    expect(renderRecipeSummary({ name: 's', resources: { prefill_nodes: 2 }, sweep: { a: [1, 2] } })).toMatchInlineSnapshot(`
      "📋 s
      ├── Model
      │   ├── path: N/A
      │   ├── container: N/A
      │   └── precision: N/A
      ├── Resources
      │   ├── gpu_type: N/A
      │   ├── prefill: 2 workers
      │   ├── decode: N/A workers
      │   └── gpus_per_node: N/A
      ├── Benchmark
      │   └── type: N/A
      └── Sweep Parameters
          └── a: [1,2]
      "
    `);
  });
});
