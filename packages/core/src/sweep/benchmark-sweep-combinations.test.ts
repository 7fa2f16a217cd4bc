import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { BenchmarkSweepSchema } from '../config/schema.ts';
import { benchmarkSweepCombinations } from './benchmark-sweep-combinations.ts';

const sweep = (input: unknown) => v.parse(BenchmarkSweepSchema, input);

describe('benchmarkSweepCombinations', () => {
  it('runs a grid over a parameters map', () => {
    expect(benchmarkSweepCombinations(sweep({ mode: 'grid', parameters: { a: [1, 2], b: [3] } }))).toStrictEqual([
      { a: 1, b: 3 },
      { a: 2, b: 3 },
    ]);
  });

  it('zips inline parameters by default, stopping at the shortest list (fix C8)', () => {
    expect(benchmarkSweepCombinations(sweep({ a: [1, 2, 3], b: [10, 20] }))).toStrictEqual([
      { a: 1, b: 10 },
      { a: 2, b: 20 },
    ]);
  });

  it('yields one empty combination without parameters', () => {
    expect(benchmarkSweepCombinations(sweep({}))).toStrictEqual([{}]);
  });

  it('rejects a non-list parameter when the schema validates it', () => {
    const result = v.safeParse(BenchmarkSweepSchema, { a: 'x' });
    expect(result.issues?.map((i) => i.message)).toStrictEqual(["Sweep parameter 'a' must be a list: write a: [value1, value2]"]);
  });

  it('combines as a grid for any mode but zip, which the reference does not validate', () => {
    expect(benchmarkSweepCombinations(sweep({ mode: 'cartesian', a: [1, 2], b: [3, 4] }))).toStrictEqual([
      { a: 1, b: 3 },
      { a: 1, b: 4 },
      { a: 2, b: 3 },
      { a: 2, b: 4 },
    ]);
  });

  it('ignores every other key when `parameters` is given, as the reference does', () => {
    expect(benchmarkSweepCombinations(sweep({ parameters: { a: [1, 2] }, note: 'x', b: [9] }))).toStrictEqual([{ a: 1 }, { a: 2 }]);
  });
});
