import { describe, expect, it } from 'vitest';
import { renderReportHtml, renderReportTable } from './render-report.ts';
import type { ReportPoint, ReportRun } from './types.ts';

const point = (c: number, overloaded = false): ReportPoint => ({
  concurrency: c, completed: 5 * c, failed: 0, requestThroughput: c / 4, outputThroughput: 1000 * c,
  ttft: { mean: 20, p50: 10 * c, p90: 12 * c, p99: 15 * c }, tpot: { mean: 5, p50: 5, p99: 6 }, itl: { mean: 5, p50: 5 + c / 100, p99: 9 },
  e2el: { mean: 500, p50: 480, p99: 700 }, clientOverloaded: overloaded,
});
const RUNS: ReportRun[] = [
  { label: 'a (1)', dir: '/o/1', isl: 1024, osl: 1024, gpus: 16, points: [point(4), point(64, true)], recipe: 'name: a <x>' },
  { label: 'b', dir: '/o/b', isl: 1024, osl: 1024, points: [point(8)], valid: false, reason: 'concurrency 8: 3 of 40 requests failed' },
];

describe('renderReportTable', () => {
  it('aligns one line per run and concurrency and flags overloaded points and invalid runs', () => {
    expect(renderReportTable(RUNS)).toMatchInlineSnapshot(`
      "run      isl/osl  conc  req/s  out tok/s  tok/s/GPU  tok/s/user  TTFT p50  TTFT p99  ITL p50  ITL p99  E2E p50  ok/failed
      -----  ---------  ----  -----  ---------  ---------  ----------  --------  --------  -------  -------  -------  ---------
      a (1)  1024/1024     4   1.00     4000.0      250.0       200.0      40.0      60.0     5.04     9.00    480.0       20/0
      a (1)  1024/1024    64  16.00    64000.0     4000.0       200.0     640.0     960.0     5.64     9.00    480.0    320/0 !
      b      1024/1024     8   2.00     8000.0          -       200.0      80.0     120.0     5.08     9.00    480.0       40/0

      ! the load generator reported itself overloaded at this point: its latencies are not trustworthy
      b: INVALID benchmark: concurrency 8: 3 of 40 requests failed

      Latencies in ms; tok/s/GPU = output tokens/s divided by the GPUs of the recipe; tok/s/user = 1000 / TPOT p50.
      "
    `);
  });
});

describe('renderReportHtml', () => {
  it('is one self-contained page: frontier, TTFT and ITL charts, one table per run, escaped recipes', () => {
    const html = renderReportHtml(RUNS, { generatedAt: '2026-01-01 00:00:00' });
    expect([...html.matchAll(/<svg [^>]*aria-label="([^"]+)"/g)].map((m) => m[1])).toStrictEqual([
      'Throughput per GPU vs interactivity (Pareto frontier)',
      'Total throughput vs interactivity (runs without a GPU count)',
      'TTFT vs concurrency',
      'ITL vs concurrency',
    ]);
    expect(html.match(/<h3>/g)).toHaveLength(2);
    expect(html.match(/<tr><td>/g)).toHaveLength(3);
    expect(html).toContain('name: a &lt;x&gt;');
    expect(html).toContain('INVALID: concurrency 8: 3 of 40 requests failed');
    expect(html).toContain('class="flag-overloaded"');
    expect(html).not.toMatch(/<script|<link|src=/);
  });

  it('marks invalid points and leaves them out of the frontier', () => {
    const run: ReportRun = { label: 'c', dir: '/o/c', isl: 1, osl: 1, gpus: 8, points: [point(4), { ...point(16), valid: false, invalidReason: '2 of 80 requests failed' }] };
    const html = renderReportHtml([run]);
    expect(html).toContain('class="flag-invalid"');
    expect(html).toContain('✕ invalid');
    const frontier = /data-series="c frontier">\s*<polyline[^>]*points="([^"]+)"/.exec(html);
    expect(frontier).toBeNull(); // one valid point: no frontier line to draw
  });
});
