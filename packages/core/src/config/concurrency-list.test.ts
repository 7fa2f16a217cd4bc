import { describe, expect, it } from 'vitest';
import { concurrencyList } from './concurrency-list.ts';

describe('concurrencyList', () => {
  it.each([
    [null, []],
    [undefined, []],
    ['4x8x16', [4, 8, 16]],
    ['128', [128]],
    [[256, 512], [256, 512]],
  ])('reads %j as %j', (concurrencies, expected) => {
    expect(concurrencyList({ concurrencies })).toStrictEqual(expected);
  });
});
