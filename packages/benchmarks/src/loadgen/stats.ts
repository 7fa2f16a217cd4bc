/** Summary of one latency sample in milliseconds, as sa-bench reports it. */
export interface LatencyStats {
  readonly mean: number;
  readonly median: number;
  /** Population standard deviation. */
  readonly std: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
}

/** numpy's default percentile: linear interpolation between the closest ranks of sorted data. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const pos = ((n - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** mean/median/std/p90/p95/p99 of `values`; an empty sample counts as the single value 0 (as sa-bench). */
export function summarize(values: ArrayLike<number>): LatencyStats {
  const sorted = Float64Array.from(values.length === 0 ? [0] : (values as ArrayLike<number>)).sort();
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += ((sorted[i] as number) - mean) ** 2;
  return {
    mean,
    median: percentile(sorted, 50),
    std: Math.sqrt(sq / n),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}
