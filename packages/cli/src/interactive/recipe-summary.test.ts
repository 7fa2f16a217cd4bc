import { describe, expect, it } from 'vitest';
import { getPath, setPath } from './document-path.ts';
import { renderRecipeSummary } from './recipe-summary.ts';

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
  it('shows prefill and decode for a disaggregated recipe, N/A for missing values, and sweep parameters', () => {
    expect(renderRecipeSummary({ name: 's', resources: { prefill_nodes: 2 }, sweep: { a: [1, 2] } })).toMatchInlineSnapshot(`
      "📋 s
      ├── Model
      │   ├── path: N/A
      │   ├── container: N/A
      │   └── precision: N/A
      ├── Resources
      │   ├── gpu_type: N/A
      │   ├── prefill: 2 workers on 2 nodes
      │   ├── decode: N/A workers on N/A nodes
      │   └── gpus_per_node: N/A
      ├── Benchmark
      │   └── type: N/A
      └── Sweep Parameters
          └── a: [1,2]
      "
    `);
  });

  it('shows only aggregated workers for an aggregated recipe (no prefill/decode lines)', () => {
    const text = renderRecipeSummary({ name: 'a', resources: { gpu_type: 'mock', gpus_per_node: 4, agg_nodes: 1, agg_workers: 2 } });
    expect(text.split('\n').filter((l) => /prefill|decode|aggregated/.test(l))).toStrictEqual(['│   ├── aggregated: 2 workers on 1 node']);
  });
});
