import { paretoFrontier, pointFlag, tokensPerUser } from './frontier.ts';
import { escapeXml, PALETTE, renderSvgChart, type ChartSeries } from './svg-chart.ts';
import type { ReportPoint, ReportRun } from './types.ts';

/** A report: the terminal table and one self-contained HTML page. */
export interface RenderedReport {
  readonly table: string;
  readonly html: string;
}

const perGpu = (run: ReportRun, p: ReportPoint): number => p.outputThroughput / (run.gpus ?? 1);
const f = (x: number | undefined, d = 1): string => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(d));
const runName = (run: ReportRun, runs: readonly ReportRun[]): string =>
  runs.filter((r) => r.label === run.label).length > 1 ? `${run.label} isl=${run.isl} osl=${run.osl}` : run.label;
const mark = (p: ReportPoint): string => (pointFlag(p) === 'invalid' ? ' x' : p.clientOverloaded ? ' !' : '');

/** The terminal table: one line per run × concurrency. */
export function renderReportTable(runs: readonly ReportRun[]): string {
  const head = ['run', 'isl/osl', 'conc', 'req/s', 'out tok/s', 'tok/s/GPU', 'tok/s/user', 'TTFT p50', 'TTFT p99', 'ITL p50', 'ITL p99', 'E2E p50', 'ok/failed'];
  const rows = runs.flatMap((run) =>
    run.points.map((p) => [
      runName(run, runs), `${run.isl}/${run.osl}`, String(p.concurrency), f(p.requestThroughput, 2), f(p.outputThroughput), run.gpus ? f(perGpu(run, p)) : '-',
      f(tokensPerUser(p)), f(p.ttft.p50), f(p.ttft.p99), f(p.itl.p50, 2), f(p.itl.p99, 2), f(p.e2el.p50), `${p.completed}/${p.failed}${mark(p)}`,
    ]),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const points = runs.flatMap((r) => r.points);
  if (points.some((p) => p.clientOverloaded || pointFlag(p) === 'invalid')) out.push('');
  if (points.some((p) => p.clientOverloaded && pointFlag(p) !== 'invalid')) out.push('! the load generator reported itself overloaded at this point: its latencies are not trustworthy');
  if (points.some((p) => pointFlag(p) === 'invalid')) out.push('x the point failed the validity gate: left out of the frontier');
  for (const r of runs) if (r.valid === false) out.push(`${r.label}: INVALID benchmark: ${r.reason ?? 'see benchmark-rollup.json'}`);
  out.push('', 'Latencies in ms; tok/s/GPU = output tokens/s divided by the GPUs of the recipe; tok/s/user = 1000 / TPOT p50.');
  return `${out.join('\n')}\n`;
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1340px;color:#1d2430;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}.muted{color:#667}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #dde;border-radius:6px}
.chart-title{font-weight:600;font-size:14px}.tick{font-size:11px;fill:#556}.axis-label{font-size:12px;fill:#334}
.grid{stroke:#eef0f4}.axis{stroke:#889}.point-label{font-size:10px;fill:#556}.slo-label{fill:#b3261e}.legend text{font-size:11px}.flag-mark{font-size:9px;font-weight:700;fill:#b3261e}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px;margin-bottom:8px}th,td{padding:4px 8px;border-bottom:1px solid #e4e6eb;text-align:right}
th{background:#f4f6f9;white-space:nowrap}td:first-child,th:first-child{text-align:left;white-space:nowrap}.bad{color:#b3261e;font-weight:600}.warn{color:#a05a00;font-weight:600}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}pre{background:#f6f8fa;border:1px solid #e4e6eb;padding:10px;overflow:auto;font-size:12px}`;

const color = (i: number): string => PALETTE[i % PALETTE.length] ?? '#333';

/** Markers of every point of each run and, over them, the run's Pareto frontier (invalid points left out). */
function frontierSeries(runs: readonly ReportRun[], all: readonly ReportRun[], y: (run: ReportRun, p: ReportPoint) => number): ChartSeries[] {
  return runs.flatMap((run) => {
    const i = all.indexOf(run);
    // A point without a per-user rate (no TPOT/ITL: one-token outputs) has no place on this chart; the tables keep it.
    const pts = run.points.filter((p) => tokensPerUser(p) > 0).map((p) => {
      const flag = pointFlag(p);
      return { x: tokensPerUser(p), y: y(run, p), label: `c=${p.concurrency}`, ...(flag ? { flag } : {}) };
    });
    const frontier = paretoFrontier(pts.filter((p) => p.flag !== 'invalid'));
    return [
      { name: runName(run, all), color: color(i), points: pts, line: false },
      { name: `${runName(run, all)} frontier`, color: color(i), points: frontier.map(({ x: fx, y: fy }) => ({ x: fx, y: fy })), markers: false, hideInLegend: true },
    ];
  });
}

function latencySeries(runs: readonly ReportRun[], metric: 'ttft' | 'itl'): ChartSeries[] {
  return runs.flatMap((run, i) => {
    const at = (q: 'p50' | 'p99'): ChartSeries => ({
      name: `${runName(run, runs)} ${q}`,
      color: color(i),
      dashed: q === 'p99',
      points: run.points.map((p) => {
        const flag = pointFlag(p);
        return { x: p.concurrency, y: p[metric][q], title: `c=${p.concurrency}: ${f(p[metric][q], 2)} ms`, ...(flag ? { flag } : {}) };
      }),
    });
    return [at('p50'), at('p99')];
  });
}

/** `largest concurrency meeting the SLO (itl_p99_ms ≤ 30): <b>48</b> (goodput 12.30 req/s; 7 probes, converged)`. */
function sloSentence(slo: NonNullable<ReportRun['slo']>): string {
  const limits = Object.entries(slo.limits).map(([k, ms]) => `${k} ≤ ${ms}`).join(', ');
  const how = `${slo.probes} probes, ${slo.ended}`;
  return slo.answer === null
    ? `<span class="bad">no probed ${escapeXml(slo.search)} met the SLO (${escapeXml(limits)})</span> <span class="muted">(${escapeXml(how)})</span>`
    : `largest ${escapeXml(slo.search)} meeting the SLO (${escapeXml(limits)}): <b>${Number(slo.answer.toPrecision(6))}</b> <span class="muted">(goodput ${f(slo.goodput ?? undefined, 2)} req/s; ${escapeXml(how)})</span>`;
}

function runTable(run: ReportRun, runs: readonly ReportRun[]): string {
  const goodput = run.points.some((p) => p.goodput !== undefined);
  const th = ['conc', 'ok', 'failed', 'req/s', 'out tok/s', ...(goodput ? ['goodput req/s'] : []), 'tok/s/GPU', 'tok/s/user', 'TTFT p50', 'TTFT p90', 'TTFT p99', 'TPOT p50', 'TPOT p99', 'ITL p50', 'ITL p90', 'ITL p99', 'E2E p50', 'E2E p99'];
  const rows = run.points.map((p) => {
    const flag = pointFlag(p);
    const note =
      flag === 'invalid'
        ? ` <span class="bad" title="${escapeXml(p.invalidReason ?? 'failed the validity gate')}">✕ invalid</span>`
        : p.clientOverloaded
          ? ' <span class="warn" title="the load generator reported itself overloaded">! overloaded</span>'
          : '';
    const cells = [
      `${p.concurrency}${note}`, String(p.completed), p.failed > 0 ? `<span class="bad">${p.failed}</span>` : '0', f(p.requestThroughput, 2),
      `${f(p.outputThroughput)}${p.outputThroughputCi95 === undefined ? '' : ` ± ${f(p.outputThroughputCi95)} <span class="muted">(${p.repeats}×, 95 % CI)</span>`}`,
      ...(goodput ? [f(p.goodput, 2)] : []),
      run.gpus ? f(perGpu(run, p)) : '-', f(tokensPerUser(p)), f(p.ttft.p50), f(p.ttft.p90), f(p.ttft.p99), f(p.tpot.p50, 2), f(p.tpot.p99, 2), f(p.itl.p50, 2), f(p.itl.p90, 2), f(p.itl.p99, 2), f(p.e2el.p50), f(p.e2el.p99),
    ];
    return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  const facts = [`isl/osl ${run.isl}/${run.osl}`, run.gpus ? `${run.gpus} GPUs` : 'GPU count unknown', escapeXml(run.dir)];
  return (
    `<h3>${escapeXml(runName(run, runs))}${run.valid === false ? ` <span class="bad">INVALID: ${escapeXml(run.reason ?? '')}</span>` : ''}</h3>` +
    `<p class="muted">${facts.join(' · ')}</p>` +
    (run.slo ? `<p>${sloSentence(run.slo)}</p>` : '') +
    `<table><thead><tr>${th.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`
  );
}

/**
 * The HTML page: the Pareto frontier (output tok/s per GPU vs tok/s per user; runs without a GPU
 * count in a chart of their own), TTFT and ITL p50/p99 vs concurrency, one table per run and each
 * run's recipe. Inline SVG, no scripts.
 */
export function renderReportHtml(runs: readonly ReportRun[], opts: { readonly title?: string; readonly generatedAt?: string } = {}): string {
  const title = opts.title ?? 'srtctl benchmark report';
  const withGpus = runs.filter((r) => r.gpus !== undefined && r.gpus > 0);
  const withoutGpus = runs.filter((r) => !(r.gpus !== undefined && r.gpus > 0));
  const charts: string[] = [];
  // Concurrencies are chosen in powers of two: a log axis once they double twice.
  const concurrencies = runs.flatMap((r) => r.points.map((p) => p.concurrency)).filter((c) => c > 0);
  const concurrencyLog = concurrencies.length > 1 && Math.max(...concurrencies) / Math.min(...concurrencies) >= 4;
  if (withGpus.length > 0)
    charts.push(renderSvgChart({ title: 'Throughput per GPU vs interactivity (Pareto frontier)', xLabel: 'tok/s per user (1000 / TPOT p50)', yLabel: 'output tok/s per GPU', series: frontierSeries(withGpus, runs, perGpu) }));
  if (withoutGpus.length > 0)
    charts.push(renderSvgChart({ title: 'Total throughput vs interactivity (runs without a GPU count)', xLabel: 'tok/s per user (1000 / TPOT p50)', yLabel: 'output tok/s (whole deployment)', series: frontierSeries(withoutGpus, runs, (_r, p) => p.outputThroughput) }));
  charts.push(
    renderSvgChart({ title: 'TTFT vs concurrency', xLabel: 'concurrency', yLabel: 'TTFT (ms)', series: latencySeries(runs, 'ttft'), xLog: concurrencyLog, legendNotes: ['solid p50 · dashed p99'] }),
    renderSvgChart({ title: 'ITL vs concurrency', xLabel: 'concurrency', yLabel: 'ITL (ms)', series: latencySeries(runs, 'itl'), xLog: concurrencyLog, legendNotes: ['solid p50 · dashed p99'] }),
  );
  const recipes = runs.map(
    (run) =>
      `<details><summary>${escapeXml(runName(run, runs))}</summary>` +
      `<p class="muted">${escapeXml(run.dir)}${run.tags ? ` · tags: ${escapeXml(run.tags.join(', '))}` : ''}</p>` +
      (run.recipe ? `<pre>${escapeXml(run.recipe)}</pre>` : '<p class="muted">no config.yaml found next to these results</p>') +
      '</details>',
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeXml(title)}</title><style>${CSS}</style></head>
<body>
<h1>${escapeXml(title)}</h1>
<p class="muted">${runs.length} run(s)${opts.generatedAt ? ` · generated ${escapeXml(opts.generatedAt)}` : ''} · latencies in ms · one series per run, one point per concurrency</p>
${runs.some((r) => r.slo) ? `<h2>SLO answers</h2>\n<ul>${runs.filter((r) => r.slo).map((r) => `<li>${escapeXml(runName(r, runs))}: ${sloSentence(r.slo as NonNullable<ReportRun['slo']>)}</li>`).join('')}</ul>` : ''}
<h2>Charts</h2>
<div class="charts">
${charts.join('\n')}
</div>
<h2>Runs</h2>
${runs.map((r) => runTable(r, runs)).join('\n')}
<h2>Recipes</h2>
${recipes.join('\n')}
</body></html>
`;
}

/**
 * Renders both the terminal table and the HTML page.
 *
 * @example const { table, html } = renderReport(await readReportRuns(['outputs/12345']));
 */
export function renderReport(runs: readonly ReportRun[], opts: { readonly title?: string; readonly generatedAt?: string } = {}): RenderedReport {
  return { table: renderReportTable(runs), html: renderReportHtml(runs, opts) };
}
