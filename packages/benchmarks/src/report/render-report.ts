import { escapeXml, PALETTE, renderSvgChart, type ChartSeries } from './svg-chart.ts';
import type { ReportPoint, ReportRun } from './types.ts';

/** A report: the terminal table and one self-contained HTML page. */
export interface RenderedReport {
  readonly table: string;
  readonly html: string;
}

const perGpu = (run: ReportRun, p: ReportPoint): number => p.outputThroughput / (run.gpus ?? 1);
const f = (x: number | undefined, d = 1): string => (x === undefined ? '-' : x.toFixed(d));
const runName = (run: ReportRun, runs: readonly ReportRun[]): string =>
  runs.filter((r) => r.label === run.label).length > 1 ? `${run.label} isl=${run.isl} osl=${run.osl}` : run.label;

/** The terminal table: one line per run × concurrency. */
export function renderReportTable(runs: readonly ReportRun[]): string {
  const head = ['run', 'isl/osl', 'conc', 'req/s', 'out tok/s', 'tok/s/GPU', 'TTFT p50', 'TTFT p99', 'ITL p50', 'ITL p99', 'E2E p50', 'ok/failed'];
  const rows = runs.flatMap((run) =>
    run.points.map((p) => [
      runName(run, runs), `${run.isl}/${run.osl}`, String(p.concurrency), f(p.requestThroughput, 2), f(p.outputThroughput), run.gpus ? f(perGpu(run, p)) : '-',
      f(p.ttft.p50), f(p.ttft.p99), f(p.itl.p50, 2), f(p.itl.p99, 2), f(p.e2el.p50), `${p.completed}/${p.failed}${p.clientOverloaded ? ' !' : ''}`,
    ]),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  if (runs.some((r) => r.points.some((p) => p.clientOverloaded))) out.push('', '! the load generator reported itself overloaded at this point: its latencies are not trustworthy');
  for (const r of runs) if (r.valid === false) out.push(`${r.label}: INVALID benchmark: ${r.reason ?? 'see benchmark-rollup.json'}`);
  out.push('', 'Latencies in ms; tok/s/GPU = output tokens/s divided by the GPUs of the recipe.');
  return `${out.join('\n')}\n`;
}

function series(runs: readonly ReportRun[], x: (p: ReportPoint) => number): ChartSeries[] {
  return runs.map((run, i) => ({
    name: runName(run, runs),
    color: PALETTE[i % PALETTE.length] ?? '#333',
    points: run.points.map((p) => ({ x: x(p), y: perGpu(run, p), label: `c=${p.concurrency}` })),
  }));
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1340px;color:#1d2430;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}.muted{color:#667}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #dde;border-radius:6px}
.chart-title{font-weight:600;font-size:14px}.tick{font-size:11px;fill:#556}.axis-label{font-size:12px;fill:#334}
.grid{stroke:#eef0f4}.axis{stroke:#889}.point-label{font-size:10px;fill:#556}.legend text{font-size:11px}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px}th,td{padding:4px 8px;border-bottom:1px solid #e4e6eb;text-align:right}
th{background:#f4f6f9;position:sticky;top:0}td:first-child,th:first-child{text-align:left;white-space:nowrap}.bad{color:#b3261e;font-weight:600}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}pre{background:#f6f8fa;border:1px solid #e4e6eb;padding:10px;overflow:auto;font-size:12px}`;

/** The HTML page: throughput-vs-latency charts (inline SVG), the percentile table and each run's recipe. */
export function renderReportHtml(runs: readonly ReportRun[], opts: { readonly title?: string; readonly generatedAt?: string } = {}): string {
  const title = opts.title ?? 'srtctl benchmark report';
  const unknownGpus = runs.some((r) => !r.gpus);
  const yNote = unknownGpus ? ' (runs without a recipe count as 1 GPU)' : '';
  const charts = [
    renderSvgChart({ title: 'Throughput vs TTFT', xLabel: 'TTFT p50 (ms)', yLabel: `output tok/s per GPU${yNote}`, series: series(runs, (p) => p.ttft.p50) }),
    renderSvgChart({ title: 'Throughput vs ITL', xLabel: 'ITL p50 (ms)', yLabel: `output tok/s per GPU${yNote}`, series: series(runs, (p) => p.itl.p50) }),
  ];
  const th = ['run', 'isl/osl', 'GPUs', 'conc', 'ok', 'failed', 'req/s', 'out tok/s', 'tok/s/GPU', 'TTFT p50', 'TTFT p90', 'TTFT p99', 'TPOT p50', 'TPOT p99', 'ITL p50', 'ITL p90', 'ITL p99', 'E2E p50', 'E2E p99'];
  const rows = runs.flatMap((run) =>
    run.points.map((p) => {
      const cells = [
        escapeXml(runName(run, runs)), `${run.isl}/${run.osl}`, run.gpus ? String(run.gpus) : '-', String(p.concurrency), String(p.completed),
        p.failed > 0 ? `<span class="bad">${p.failed}</span>` : '0', f(p.requestThroughput, 2), f(p.outputThroughput), run.gpus ? f(perGpu(run, p)) : '-',
        f(p.ttft.p50), f(p.ttft.p90), f(p.ttft.p99), f(p.tpot.p50, 2), f(p.tpot.p99, 2), f(p.itl.p50, 2), f(p.itl.p90, 2), f(p.itl.p99, 2), f(p.e2el.p50), f(p.e2el.p99),
      ];
      const flag = p.clientOverloaded ? ' <span class="bad" title="the load generator reported itself overloaded">!</span>' : '';
      return `<tr>${cells.map((c, i) => `<td>${c}${i === 3 ? flag : ''}</td>`).join('')}</tr>`;
    }),
  );
  const recipes = runs.map(
    (run) =>
      `<details><summary>${escapeXml(runName(run, runs))}${run.valid === false ? ` <span class="bad">INVALID: ${escapeXml(run.reason ?? '')}</span>` : ''}</summary>` +
      `<p class="muted">${escapeXml(run.dir)}${run.tags ? ` · tags: ${escapeXml(run.tags.join(', '))}` : ''}</p>` +
      (run.recipe ? `<pre>${escapeXml(run.recipe)}</pre>` : '<p class="muted">no config.yaml found next to these results</p>') +
      '</details>',
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeXml(title)}</title><style>${CSS}</style></head>
<body>
<h1>${escapeXml(title)}</h1>
<p class="muted">${runs.length} run(s)${opts.generatedAt ? ` · generated ${escapeXml(opts.generatedAt)}` : ''} · latencies in ms · one line per run, one point per concurrency</p>
<h2>Throughput vs latency</h2>
<div class="charts">
${charts.join('\n')}
</div>
<h2>Percentiles</h2>
<table><thead><tr>${th.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
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
