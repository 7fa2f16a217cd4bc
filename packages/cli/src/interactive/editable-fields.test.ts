import { describe, expect, it } from 'vitest';
import { checkAnswer, editableFields } from './editable-fields.ts';

describe('editableFields', () => {
  it('offers aggregated nodes and workers, never prefill/decode, for an aggregated recipe', () => {
    const doc = { name: 'a', resources: { agg_nodes: 1, agg_workers: 1 }, benchmark: { type: 'sa-bench', isl: 8, osl: 8 } };
    expect(editableFields(doc).map((f) => f.path)).toStrictEqual(['name', 'resources.agg_nodes', 'resources.agg_workers', 'benchmark.isl', 'benchmark.osl']);
  });

  it('offers prefill and decode, never aggregated, for a disaggregated recipe', () => {
    const doc = { name: 'd', resources: { prefill_nodes: 1, decode_nodes: 1 }, benchmark: { type: 'manual' } };
    expect(editableFields(doc).map((f) => f.path)).toStrictEqual(['name', 'resources.prefill_nodes', 'resources.prefill_workers', 'resources.decode_nodes', 'resources.decode_workers']);
  });
});

describe('checkAnswer', () => {
  it.each([
    ['count', '3', undefined],
    ['count', '0', undefined],
    ['count', '-1', 'give a whole number ≥ 0'],
    ['count', '1.5', 'give a whole number ≥ 0'],
    ['tokens', '0', 'give a whole number ≥ 1'],
    ['text', ' ', 'give a value'],
  ] as const)('checks a %s answer %j', (kind, answer, problem) => {
    expect(checkAnswer({ path: 'x', label: 'x', kind }, answer)).toBe(problem);
  });
});
