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
    expect(result.issues?.map((i) => i.message)).toStrictEqual(['each sweep parameter must be a list of values, got x']);
  });
});
