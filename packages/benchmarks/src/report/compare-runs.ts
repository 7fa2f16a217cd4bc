import { basename, dirname } from 'node:path';
import { SrtError } from '@srt/core';
import type { ReportPoint, ReportRun } from './types.ts';

/** A metric compared between two runs, and which direction is better. */
interface ComparedMetric {
  readonly name: string;
  readonly better: 'higher' | 'lower';
  readonly get: (p: ReportPoint) => number;
}

/** What `compareRuns` checks: throughput (higher is better) and TTFT/ITL/TPOT p50 and p99 (lower is better). */
export const COMPARED_METRICS: readonly ComparedMetric[] = [
  { name: 'output tok/s', better: 'higher', get: (p) => p.outputThroughput },
  { name: 'req/s', better: 'higher', get: (p) => p.requestThroughput },
  { name: 'TTFT p50', better: 'lower', get: (p) => p.ttft.p50 },
  { name: 'TTFT p99', better: 'lower', get: (p) => p.ttft.p99 },
  { name: 'ITL p50', better: 'lower', get: (p) => p.itl.p50 },
  { name: 'ITL p99', better: 'lower', get: (p) => p.itl.p99 },
  { name: 'TPOT p50', better: 'lower', get: (p) => p.tpot.p50 },
];

/** One metric at one matched point. `changePct` is signed so that positive is worse. */
export interface ComparisonRow {
  readonly series: string;
  readonly concurrency: number;
  readonly metric: string;
  readonly base: number;
  readonly next: number;
  /** How much worse NEW is than BASE in percent (negative: better). */
  readonly worsePct: number;
  readonly regression: boolean;
}

export interface Comparison {
  readonly rows: readonly ComparisonRow[];
  readonly regressions: readonly ComparisonRow[];
  /** Points only one side has (`<series> c=<n>`). */
  readonly unmatched: readonly string[];
}

/** `sa-bench_isl_1024_osl_1024`, or `bench_2/sa-bench_…` for the second benchmark of a list. */
const seriesOf = (run: ReportRun): string => (/^bench_\d+$/.test(basename(dirname(run.dir))) ? `${basename(dirname(run.dir))}/${basename(run.dir)}` : basename(run.dir));
const key = (run: ReportRun, p: ReportPoint): string => `${seriesOf(run)} c=${p.concurrency}`;

/**
 * Compares NEW against BASE point by point (same result directory name and concurrency): a
 * metric that got worse by more than `maxRegressionPct` percent is a regression.
 * @example compareRuns(await readReportRuns(['outputs/1']), await readReportRuns(['outputs/2']), { maxRegressionPct: 5 }).regressions
 */
export function compareRuns(base: readonly ReportRun[], next: readonly ReportRun[], opts: { readonly maxRegressionPct: number }): Comparison {
  const index = (runs: readonly ReportRun[]): Map<string, { readonly run: ReportRun; readonly point: ReportPoint }> =>
    new Map(runs.flatMap((run) => run.points.map((point) => [key(run, point), { run, point }] as const)));
  const a = index(base);
  const b = index(next);
  const rows: ComparisonRow[] = [];
  for (const [k, { run, point }] of a) {
    const other = b.get(k);
    if (other === undefined) continue;
    for (const m of COMPARED_METRICS) {
      const x = m.get(point);
      const y = m.get(other.point);
      if (!(x > 0) || !Number.isFinite(y)) continue;
      const worsePct = (m.better === 'higher' ? (x - y) / x : (y - x) / x) * 100;
      rows.push({ series: seriesOf(run), concurrency: point.concurrency, metric: m.name, base: x, next: y, worsePct, regression: worsePct > opts.maxRegressionPct });
    }
  }
  if (rows.length === 0)
    throw new SrtError('SRT_USAGE', 'BASE and NEW have no benchmark point in common (same result directory name and concurrency): compare runs of the same recipe', {
      details: [`BASE: ${[...a.keys()].join(', ') || 'none'}`, `NEW: ${[...b.keys()].join(', ') || 'none'}`],
    });
  const unmatched = [...[...a.keys()].filter((k) => !b.has(k)).map((k) => `${k} (BASE only)`), ...[...b.keys()].filter((k) => !a.has(k)).map((k) => `${k} (NEW only)`)];
  return { rows, regressions: rows.filter((r) => r.regression), unmatched };
}

/**
 * The comparison as a terminal table, regressions flagged, and a verdict line.
 *
 * @example process.stdout.write(renderComparison(compareRuns(baseRuns, newRuns, { maxRegressionPct: 5 }), 5)) // table, then 'OK: no metric worse by more than 5% (12 compared)'
 */
export function renderComparison(c: Comparison, maxRegressionPct: number): string {
  const head = ['series', 'conc', 'metric', 'BASE', 'NEW', 'change', ''];
  const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(3));
  const body = c.rows.map((r) => [r.series, String(r.concurrency), r.metric, fmt(r.base), fmt(r.next), `${r.worsePct > 0 ? '+' : ''}${r.worsePct.toFixed(1)}% worse`.replace(/^-(.*) worse$/, '$1 better'), r.regression ? 'REGRESSION' : '']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((s, i) => (i < 3 ? s.padEnd(widths[i] ?? 0) : s.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  const out = [line(head), ...body.map(line), ''];
  for (const u of c.unmatched) out.push(`not compared: ${u}`);
  out.push(
    c.regressions.length === 0
      ? `OK: no metric worse by more than ${maxRegressionPct}% (${c.rows.length} compared)`
      : `FAIL: ${c.regressions.length} metric(s) worse by more than ${maxRegressionPct}%: ${c.regressions.map((r) => `${r.series} c=${r.concurrency} ${r.metric} ${r.worsePct.toFixed(1)}%`).join('; ')}`,
  );
  return `${out.join('\n')}\n`;
}
