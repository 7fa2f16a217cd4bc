import { describe, expect, it } from 'vitest';
import { sweepCombinations } from './sweep-combinations.ts';

describe('sweepCombinations', () => {
  it('makes a grid with the last parameter varying fastest', () => {
    expect(sweepCombinations([['a', [1, 2]], ['b', ['x', 'y']]], 'grid')).toStrictEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  it('zips element-wise and stops at the shortest list (fix C8)', () => {
    expect(sweepCombinations([['a', [1, 2, 3]], ['b', [10, 20]]], 'zip')).toStrictEqual([
      { a: 1, b: 10 },
      { a: 2, b: 20 },
    ]);
  });

  it.each(['zip', 'grid'] as const)('yields one empty combination without parameters (%s)', (mode) => {
    expect(sweepCombinations([], mode)).toStrictEqual([{}]);
  });
});
