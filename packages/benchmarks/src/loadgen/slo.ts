import { SrtError } from '@srt/core';
import type { RequestRecord, SaMetrics } from './metrics.ts';
import { percentile, type LatencyStats } from './stats.ts';

const METRICS = ['ttft', 'tpot', 'itl', 'e2el'] as const;
const QUANTILES = ['p50', 'p90', 'p99'] as const;
type SloMetric = (typeof METRICS)[number];
type SloQuantile = (typeof QUANTILES)[number];
/** `ttft_p99_ms`, `itl_p50_ms`, …: the keys of `benchmark.slo`. */
export type SloKey = `${SloMetric}_${SloQuantile}_ms`;
/** Latency limits in milliseconds. */
export type SloLimits = Readonly<Partial<Record<SloKey, number>>>;

const limitsOf = (slo: SloLimits): { readonly key: SloKey; readonly metric: SloMetric; readonly q: SloQuantile; readonly ms: number }[] =>
  METRICS.flatMap((metric) => QUANTILES.flatMap((q) => {
    const key = `${metric}_${q}_ms` as SloKey;
    const ms = slo[key];
    return ms === undefined ? [] : [{ key, metric, q, ms }];
  }));

/**
 * `ttft_p99_ms=500,itl_p99_ms=30` → `{ ttft_p99_ms: 500, itl_p99_ms: 30 }`.
 *
 * @example parseSlo('ttft_p99_ms=500,itl_p99_ms=30') // → { ttft_p99_ms: 500, itl_p99_ms: 30 }
 */
export function parseSlo(text: string): SloLimits {
  const out: Partial<Record<SloKey, number>> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [k, v] = part.split('=');
    const known = limitsOf({ [k ?? '']: 0 } as SloLimits).length === 1;
    const ms = Number(v);
    if (!known || !(ms >= 0))
      throw new SrtError('SRT_USAGE', `Invalid SLO "${part}": write KEY=MS pairs like ttft_p99_ms=500,itl_p99_ms=30 (keys: ttft|tpot|itl|e2el _ p50|p90|p99 _ms)`);
    out[k as SloKey] = ms;
  }
  if (Object.keys(out).length === 0) throw new SrtError('SRT_USAGE', 'An empty SLO: give at least one limit, e.g. itl_p99_ms=30');
  return out;
}

/**
 * `ttft_p99_ms ≤ 500, itl_p99_ms ≤ 30`.
 *
 * @example describeSlo({ ttft_p99_ms: 500, itl_p99_ms: 30 }) // → 'ttft_p99_ms ≤ 500, itl_p99_ms ≤ 30'
 */
export function describeSlo(slo: SloLimits): string {
  return limitsOf(slo).map((l) => `${l.key} ≤ ${l.ms}`).join(', ');
}

const stat = (s: LatencyStats, q: SloQuantile): number => (q === 'p50' ? s.median : q === 'p90' ? s.p90 : s.p99);

/**
 * Whether a measured point meets the SLO (every limit, no failed request), and which limits it broke.
 *
 * @example checkSlo(metrics, parseSlo('ttft_p99_ms=500,itl_p99_ms=30')) // → { pass: false, violations: ['itl_p99_ms 41.20 > 30'] }
 */
export function checkSlo(metrics: SaMetrics, slo: SloLimits): { readonly pass: boolean; readonly violations: readonly string[] } {
  const stats: Readonly<Record<SloMetric, LatencyStats>> = { ttft: metrics.ttftMs, tpot: metrics.tpotMs, itl: metrics.itlMs, e2el: metrics.e2elMs };
  const violations = limitsOf(slo).flatMap((l) => {
    const v = stat(stats[l.metric], l.q);
    return v > l.ms ? [`${l.key} ${v.toFixed(2)} > ${l.ms}`] : [];
  });
  if (metrics.failed > 0) violations.push(`${metrics.failed} failed requests`);
  if (metrics.completed === 0) violations.push('no request completed');
  return { pass: violations.length === 0, violations };
}

/**
 * Goodput: successful requests per second whose own latencies meet the SLO (a request's TTFT,
 * TPOT and E2E against the limits of those metrics, its ITL quantile against the ITL limits).
 *
 * @example requestGoodput(records, 60, { ttft_p99_ms: 500 }) // 750 successful requests with TTFT ≤ 500 ms in 60 s → 12.5
 */
export function requestGoodput(records: readonly RequestRecord[], duration: number, slo: SloLimits): number {
  const limits = limitsOf(slo);
  let good = 0;
  for (const r of records) {
    if (!r.success) continue;
    const tpot = r.outputTokens > 1 ? ((r.latency - r.ttft) / (r.outputTokens - 1)) * 1000 : 0;
    const sortedItl = limits.some((l) => l.metric === 'itl') ? Float64Array.from(r.itl, (x) => x * 1000).sort() : undefined;
    const ok = limits.every((l) => {
      if (l.metric === 'ttft') return r.ttft * 1000 <= l.ms;
      if (l.metric === 'e2el') return r.latency * 1000 <= l.ms;
      if (l.metric === 'tpot') return tpot <= l.ms;
      return sortedItl === undefined || sortedItl.length === 0 || percentile(sortedItl, l.q === 'p50' ? 50 : l.q === 'p90' ? 90 : 99) <= l.ms;
    });
    if (ok) good++;
  }
  return duration > 0 ? good / duration : 0;
}

/** One measured load of a search. */
export interface SloProbe {
  readonly load: number;
  readonly pass: boolean;
  readonly goodput: number;
  readonly violations: readonly string[];
}

export interface SloSearchOptions {
  /** `concurrency` (whole numbers) or `rate` (req/s). */
  readonly search: 'concurrency' | 'rate';
  /** First load probed. */
  readonly start: number;
  /** Largest load probed. */
  readonly max: number;
  /** Most probes (default 8). */
  readonly maxProbes?: number;
  /** Measures one load. */
  readonly probe: (load: number) => Promise<SloProbe>;
}

/** The search's probes in order and the largest load that met the SLO (undefined when none did). */
export interface SloSearchResult {
  readonly probes: readonly SloProbe[];
  readonly answer: SloProbe | undefined;
  /** Why the search ended: `converged`, `max-load`, `probe-limit` or `none-passed`. */
  readonly ended: 'converged' | 'max-load' | 'probe-limit' | 'none-passed';
}

/**
 * Finds the largest load that meets the SLO: brackets by doubling from `start` (or halving when
 * `start` already fails), then bisects between the last passing and the first failing load,
 * until they are adjacent (concurrency) or within 5 % (rate), never measuring more than `maxProbes` points.
 * @example await searchSlo({ search: 'concurrency', start: 8, max: 4096, probe: (c) => measure(c) })
 */
export async function searchSlo(o: SloSearchOptions): Promise<SloSearchResult> {
  const maxProbes = o.maxProbes ?? 8;
  const integer = o.search === 'concurrency';
  const floor = integer ? 1 : Math.min(o.start, o.max) / 1024;
  const probes: SloProbe[] = [];
  const measure = async (load: number): Promise<SloProbe> => {
    const p = await o.probe(load);
    probes.push(p);
    return p;
  };
  const done = (ended: SloSearchResult['ended']): SloSearchResult => {
    const passing = probes.filter((p) => p.pass);
    const answer = passing.length === 0 ? undefined : passing.reduce((a, b) => (b.load > a.load ? b : a));
    return { probes, answer, ended: answer === undefined ? 'none-passed' : ended };
  };
  let lo: number | undefined;
  let hi: number | undefined;
  let load = Math.min(Math.max(o.start, floor), o.max);
  // bracket
  while (probes.length < maxProbes) {
    const p = await measure(load);
    if (p.pass) {
      lo = load;
      if (hi !== undefined) break;
      if (load >= o.max) return done('max-load');
      load = Math.min(integer ? load * 2 : load * 2, o.max);
    } else {
      hi = load;
      if (lo !== undefined) break;
      if (load <= floor) return done('none-passed');
      load = integer ? Math.max(1, Math.floor(load / 2)) : Math.max(floor, load / 2);
    }
  }
  if (lo === undefined || hi === undefined) return done('probe-limit');
  // bisect
  let good: number = Math.min(lo, hi);
  let bad: number = Math.max(lo, hi);
  const close = (a: number, b: number): boolean => (integer ? b - a <= 1 : b / a <= 1.05);
  while (!close(good, bad)) {
    if (probes.length >= maxProbes) return done('probe-limit');
    const mid: number = integer ? Math.floor((good + bad) / 2) : (good + bad) / 2;
    if ((await measure(mid)).pass) good = mid;
    else bad = mid;
  }
  return done('converged');
}

/**
 * Mean and the half-width of its 95 % confidence interval (Student's t) of repeated measurements.
 *
 * @example meanCi95([10, 12, 14]) // → { mean: 12, ci95: 4.968… }
 */
export function meanCi95(values: readonly number[]): { readonly mean: number; readonly ci95: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, ci95: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, ci95: 0 };
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086];
  const t = T95[n - 2] ?? 1.96;
  return { mean, ci95: (t * sd) / Math.sqrt(n) };
}
