import type { BenchmarkSweepConfig } from '../config/schema.ts';
import { SrtError } from '../errors.ts';
import { sweepCombinations, type SweepParameter } from './sweep-combinations.ts';

/**
 * The combinations of a validated `benchmark.sweep` (config.md §8.3): `parameters:` when
 * present, else every key but `mode`; zip (default, shortest list), any other mode a grid.
 *
 * @example benchmarkSweepCombinations({ mode: 'grid', parameters: { a: [1, 2], b: [3] } }) // [{a:1,b:3},{a:2,b:3}]
 */
export function benchmarkSweepCombinations(sweep: BenchmarkSweepConfig): readonly Readonly<Record<string, unknown>>[] {
  const { mode, parameters, ...inline } = sweep;
  const source: Readonly<Record<string, unknown>> = parameters ?? inline;
  const params = Object.entries(source).map(([name, values]): SweepParameter => {
    if (!Array.isArray(values)) {
      throw new SrtError('SRT_SWEEP_INVALID', `Sweep parameter '${name}' must be a list of values: write ${name}: [value1, value2]`);
    }
    return [name, values];
  });
  // The reference does not validate `mode`: anything but "zip" is a grid.
  return sweepCombinations(params, mode === 'zip' ? 'zip' : 'grid');
}
