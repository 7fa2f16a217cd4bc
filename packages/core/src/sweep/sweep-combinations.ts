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
  if (parameters.length === 0) return [{}];
  if (mode === 'zip') {
    const n = Math.min(...parameters.map(([, values]) => values.length));
    return Array.from({ length: n }, (_, i) => Object.fromEntries(parameters.map(([name, values]) => [name, values[i]])));
  }
  let combos: Record<string, unknown>[] = [{}];
  for (const [name, values] of parameters) {
    combos = combos.flatMap((c) => values.map((x) => ({ ...c, [name]: x })));
  }
  return combos;
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
 * @example sweepLimitMessage(20000, 'grid') // → 'the sweep makes 20,000 jobs (grid), over the limit of 256: split it into several sweep files or use fewer values'
 */
export function sweepLimitMessage(size: number, mode: SweepMode): string {
  const n = size > 1e15 ? size.toExponential(1) : formatCount(size);
  return `the sweep makes ${n} jobs (${mode}), over the limit of ${formatCount(LIMITS.sweepJobs)}: split it into several sweep files or use fewer values`;
}
