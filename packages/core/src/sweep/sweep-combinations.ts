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
