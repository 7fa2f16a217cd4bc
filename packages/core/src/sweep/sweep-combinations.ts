import { LIMITS } from '../config/limits.ts';
import { SrtError } from '../errors.ts';
import { formatCount } from '../format/format-count.ts';

/** How sweep parameters combine: element-wise (`zip`) or every combination (`grid`). */
export type SweepMode = 'zip' | 'grid';

/** One parameter and its values, in declaration order. */
export type SweepParameter = readonly [name: string, values: readonly unknown[]];

/**
 * The parameter combinations of a sweep: `zip` pairs the i-th values and stops at the
 * shortest list (fix C8); `grid` is the Cartesian product with the last parameter varying
 * fastest. No parameters → one empty combination.
 *
 * @example sweepCombinations([['a', [1, 2]], ['b', ['x']]], 'grid') // → [{ a: 1, b: 'x' }, { a: 2, b: 'x' }]
 */
export function sweepCombinations(parameters: readonly SweepParameter[], mode: SweepMode): readonly Readonly<Record<string, unknown>>[] {
  const size = sweepSize(parameters, mode);
  if (size > LIMITS.sweepJobs) throw new SrtError('SRT_LIMIT_SWEEP', sweepLimitMessage(size, mode));
  return [...iterateSweepCombinations(parameters, mode)];
}

/**
 * The combinations of `sweepCombinations`, in the same order, made one at a time (the i-th
 * from i's digits in the mixed radix of the value counts), so a large sweep is never held in
 * memory as a whole. No size check: count first with `sweepSize`.
 *
 * @example [...iterateSweepCombinations([['a', [1, 2]], ['b', ['x']]], 'grid')] // → [{ a: 1, b: 'x' }, { a: 2, b: 'x' }]
 */
export function* iterateSweepCombinations(parameters: readonly SweepParameter[], mode: SweepMode): Generator<Readonly<Record<string, unknown>>, void, undefined> {
  const size = sweepSize(parameters, mode);
  for (let i = 0; i < size; i++) {
    const combination: Record<string, unknown> = {};
    if (mode === 'zip') {
      for (const [name, values] of parameters) combination[name] = values[i];
    } else {
      // Last parameter fastest: peel digits from the end.
      let rest = i;
      for (let p = parameters.length - 1; p >= 0; p--) {
        const [name, values] = parameters[p]!;
        combination[name] = values[rest % values.length];
        rest = Math.floor(rest / values.length);
      }
    }
    // Keys in declaration order, as the eager expansion made them.
    yield Object.fromEntries(parameters.map(([name]) => [name, combination[name]]));
  }
}

/**
 * How many jobs the parameters make, computed without making them.
 *
 * @example sweepSize([['a', [1, 2]], ['b', ['x', 'y', 'z']]], 'grid') // → 6
 */
export function sweepSize(parameters: readonly SweepParameter[], mode: SweepMode): number {
  if (parameters.length === 0) return 1;
  if (mode === 'zip') return Math.min(...parameters.map(([, values]) => values.length));
  return parameters.reduce((n, [, values]) => n * values.length, 1);
}

/**
 * The `SRT_LIMIT_SWEEP` message.
 *
 * @example sweepLimitMessage(20000, 'grid') // → 'the sweep makes 20,000 jobs (grid), over the limit of 512: split it into several sweep files or use fewer values'
 */
export function sweepLimitMessage(size: number, mode: SweepMode): string {
  const n = size > 1e15 ? size.toExponential(1) : formatCount(size);
  return `the sweep makes ${n} jobs (${mode}), over the limit of ${formatCount(LIMITS.sweepJobs)}: split it into several sweep files or use fewer values`;
}
