import { describe, expect, it } from 'vitest';
import { iterateSweepCombinations, sweepCombinations } from './sweep-combinations.ts';

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

  it('makes combinations one at a time: the first of a 10^12-job grid come at once', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const it = iterateSweepCombinations([['a', values], ['b', values], ['c', values], ['d', values], ['e', values], ['f', values]], 'grid');
    expect([it.next().value, it.next().value]).toStrictEqual([{ a: 0, b: 0, c: 0, d: 0, e: 0, f: 0 }, { a: 0, b: 0, c: 0, d: 0, e: 0, f: 1 }]);
  });

  it('refuses a sweep over the limit before making any job', () => {
    expect(() => sweepCombinations([['a', Array.from({ length: 513 }, (_, i) => i)]], 'grid')).toThrow(expect.objectContaining({ code: 'SRT_LIMIT_SWEEP' }));
  });
});
