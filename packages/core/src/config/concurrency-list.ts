import type { BenchmarkConfig } from './schema.ts';

/**
 * `benchmark.concurrencies` as numbers: `"4x8x16"` → `[4, 8, 16]`, a list as is, unset → `[]`.
 *
 * @example concurrencyList({ concurrencies: '4x16' }) // → [4, 16]
 */
export function concurrencyList(benchmark: Pick<BenchmarkConfig, 'concurrencies'>): readonly number[] {
  const c = benchmark.concurrencies;
  if (c == null) return [];
  if (typeof c === 'string') return c.split('x').map((s) => Number.parseInt(s, 10));
  return [...c];
}
