import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.ts';

const KEYS = ['gpu_type', 'gpus_per_node', 'prefill_nodes', 'decode_nodes', 'prefill_workers', 'decode_workers', 'agg_nodes', 'agg_workers'];

describe('didYouMean', () => {
  it.each([
    ['gpus_per_nod', 'gpus_per_node'],
    ['gpus-per-node', 'gpus_per_node'],
    ['GPU_TYPE', 'gpu_type'],
    ['prefil_workers', 'prefill_workers'],
    ['decode_wokrers', 'decode_workers'],
    ['agg_node', 'agg_nodes'],
  ])('suggests %s → %s', (typo, expected) => {
    expect(didYouMean(typo, KEYS)).toBe(expected);
  });

  it.each(['foo', 'tensor_parallel', 'x'])('suggests nothing for the unrelated key %s', (word) => {
    expect(didYouMean(word, KEYS)).toBeUndefined();
  });
});

describe('editDistance', () => {
  it.each([
    ['', 'abc', 3],
    ['abc', 'abc', 0],
    ['abc', 'acb', 1],
    ['kitten', 'sitting', 3],
  ])('%s → %s costs %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
