import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runSaBench } from '@srt/benchmarks';
import { main } from '@srt/cli';
import { nodeEnv } from '@srt/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, streamedCompletion } from '../../packages/benchmarks/test/stream-server.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

/** Two jobs of a sweep, each with sa-bench results at two concurrencies, under `<root>/outputs/<id>`. */
async function makeJobs(root: string, url: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const [id, gpn] of [['5001', 4], ['5002', 8]] as const) {
    const job = join(root, 'outputs', id);
    await mkdir(join(job, 'logs'), { recursive: true });
    await writeFile(
      join(job, 'config.yaml'),
      `name: sweep_gpn${gpn}\nmodel: { path: /models/m, container: img.sqsh, precision: fp8 }\n` +
        `resources: { gpu_type: h100, gpus_per_node: ${gpn}, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 }\n` +
        `benchmark: { type: sa-bench, isl: 16, osl: 4, concurrencies: "2x4" }\n`,
    );
    await runSaBench({ url, model: 'm', isl: 16, osl: 4, concurrencies: '2x4', numPrompts: 8, warmup: false, resultDir: join(job, 'logs', 'sa-bench_isl_16_osl_4') });
    dirs.push(job);
  }
  return dirs;
}

function collect(): { write: (s: string) => void; text: () => string } {
  let out = '';
  return { write: (s) => (out += s), text: () => out };
}

describe('srtctl report', () => {
  let root = '';
  let jobs: string[] = [];
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const server = await startScriptedServer(() => streamedCompletion([' a', ' b', ' c', ' d'], { gapMs: 2, usage: 4 }));
    close = server.close;
    root = await mkdtemp(join(tmpdir(), 'report-'));
    jobs = await makeJobs(root, server.url);
  });
  afterAll(() => close());

  it('prints one table line per run and concurrency and writes one HTML file', async () => {
    const stdout = collect();
    const stderr = collect();
    const out = join(root, 'sweep.html');
    const code = await main({ argv: ['report', ...jobs, '-o', out], env: nodeEnv(), stdout, stderr });
    expect(code).toBe(0);
    const lines = stdout.text().split('\n');
    expect(lines[0]).toMatch(/^run\s+isl\/osl\s+conc\s+req\/s\s+out tok\/s\s+tok\/s\/GPU\s+tok\/s\/user\s+TTFT p50\s+TTFT p99\s+ITL p50\s+ITL p99\s+E2E p50\s+ok\/failed$/);
    expect(lines.filter((l) => /^sweep_gpn\d \(500\d\)/.test(l)).map((l) => l.split(/\s+/).slice(0, 4).join(' '))).toStrictEqual([
      'sweep_gpn4 (5001) 16/4 2',
      'sweep_gpn4 (5001) 16/4 4',
      'sweep_gpn8 (5002) 16/4 2',
      'sweep_gpn8 (5002) 16/4 4',
    ]);
    expect(stderr.text()).toBe(`Wrote ${out}\n`);
    const html = await readFile(out, 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('sweep_gpn8 (5002)');
    expect(html).toContain('gpus_per_node: 8');
  });

  it.skipIf(!CHROMIUM)('renders in headless Chromium with no label overlapping or clipped (screenshots in test-artifacts/report/)', async () => {
    const dense = await makeDenseRuns(join(root, 'dense'));
    const out = join(root, 'dense.html');
    expect(await main({ argv: ['report', ...dense, '-o', out], env: nodeEnv(), stdout: collect(), stderr: collect() })).toBe(0);
    const geometry = await inspectInChromium(out, 'report-dense');
    expect(geometry.charts).toStrictEqual([
      'Throughput per GPU vs interactivity (Pareto frontier)',
      'Total throughput vs interactivity (runs without a GPU count)',
      'TTFT vs concurrency',
      'ITL vs concurrency',
    ]);
    expect(geometry.pointLabels).toBeGreaterThan(5);
    expect(geometry.problems).toStrictEqual([]);
    const small = join(root, 'small.html');
    await main({ argv: ['report', ...jobs, '-o', small], env: nodeEnv(), stdout: collect(), stderr: collect() });
    expect((await inspectInChromium(small, 'report-two-jobs')).problems).toStrictEqual([]);
  }, 120_000);
});

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'report');

/** Measures every text of every chart in the browser: outside its chart (clipped) or overlapping another label or a marker is a problem. */
const GEOMETRY_SCRIPT = `<script>
addEventListener('load', () => {
  const problems = []; let pointLabels = 0;
  const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const charts = [...document.querySelectorAll('svg.chart')];
  for (const svg of charts) {
    const name = svg.getAttribute('aria-label'); const frame = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')].filter((t) => !t.classList.contains('flag-mark'));
    const boxes = texts.map((t) => ({ t: t.textContent, cls: t.getAttribute('class') || 'legend', r: t.getBoundingClientRect() }));
    for (const b of boxes) if (b.r.left < frame.left || b.r.right > frame.right || b.r.top < frame.top || b.r.bottom > frame.bottom) problems.push(name + ': clipped ' + b.cls + ' "' + b.t + '"');
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.cls === 'axis-label' && b.cls === 'axis-label') continue;
      if (hit(a.r, b.r)) problems.push(name + ': "' + a.t + '" (' + a.cls + ') overlaps "' + b.t + '" (' + b.cls + ')');
    }
    const labels = boxes.filter((b) => b.cls === 'point-label'); pointLabels += labels.length;
    for (const m of svg.querySelectorAll('circle, .flag-invalid path')) {
      if (m.closest('.legend')) continue;
      const r = m.getBoundingClientRect();
      for (const l of labels) if (hit(l.r, r)) problems.push(name + ': label "' + l.t + '" covers a marker');
    }
  }
  const pre = document.createElement('pre'); pre.id = 'geometry';
  pre.textContent = JSON.stringify({ charts: charts.map((c) => c.getAttribute('aria-label')), pointLabels, problems });
  document.body.append(pre);
});
</script>`;

async function inspectInChromium(html: string, name: string): Promise<{ charts: string[]; pointLabels: number; problems: string[] }> {
  const harness = html.replace(/\.html$/, '.geometry.html');
  await writeFile(harness, (await readFile(html, 'utf8')).replace('</body>', `${GEOMETRY_SCRIPT}</body>`));
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const run = async (extra: readonly string[], page: string): Promise<string> => {
    const profile = await mkdtemp(join(tmpdir(), 'chromium-'));
    try {
      const { stdout } = await promisify(execFile)(CHROMIUM as string, [...flags, `--user-data-dir=${profile}`, ...extra, `file://${page}`], { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 });
      return stdout;
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  };
  await mkdir(ARTIFACTS, { recursive: true });
  await run(['--hide-scrollbars', '--window-size=1360,2000', `--screenshot=${join(ARTIFACTS, `${name}.png`)}`], html);
  const dom = await run(['--virtual-time-budget=5000', '--dump-dom'], harness);
  const json = /<pre id="geometry">([^<]*)<\/pre>/.exec(dom)?.[1];
  if (json === undefined) throw new Error(`the geometry script did not run in ${harness}`);
  return JSON.parse(json.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as { charts: string[]; pointLabels: number; problems: string[] };
}

/** A crowded comparison: 4 runs × 12 concurrencies from 1 to 15,000, one without a GPU count, overloaded and invalid points, long names. */
async function makeDenseRuns(root: string): Promise<string[]> {
  const dirs: string[] = [];
  const conc = [1, 2, 4, 8, 16, 32, 64, 128, 512, 2048, 8192, 15000];
  const specs = [
    { id: '7001', name: 'dsr1-fp8-1p4d-dep16-mtp-very-long-recipe-name-for-the-legend', gpus: 40, speed: 1 },
    { id: '7002', name: 'dsr1-fp8-1p2d', gpus: 24, speed: 0.8 },
    { id: '7003', name: 'dsr1-fp4-agg-tp8', gpus: 8, speed: 0.6 },
    { id: '7004', name: 'no-recipe-run', gpus: 0, speed: 0.5 },
  ];
  for (const spec of specs) {
    const job = join(root, spec.id);
    const results = join(job, 'logs', 'sa-bench_isl_1024_osl_1024');
    await mkdir(results, { recursive: true });
    if (spec.gpus > 0)
      await writeFile(join(job, 'config.yaml'), `name: ${spec.name}\nmodel: { path: /m, container: c, precision: fp8 }\nresources: { gpu_type: h100, gpus_per_node: ${spec.gpus / 8 >= 1 ? 8 : spec.gpus}, agg_nodes: ${Math.max(1, spec.gpus / 8)}, agg_workers: 1 }\n`);
    const rows: unknown[] = [];
    for (const c of conc) {
      const itl = (8 + Math.log2(c) * 1.5) / spec.speed;
      const ttft = (40 + c * 0.9) / spec.speed;
      const tps = (c * 1000) / itl;
      const invalid = spec.id === '7002' && c === 15000;
      const overloaded = spec.id === '7001' && c >= 8192;
      rows.push({ concurrency: c, valid: !invalid, reason: invalid ? '12 of 75000 requests failed' : '' });
      await writeFile(join(results, `isl_1024_osl_1024_concurrency_${c}_req_rate_inf.json`), JSON.stringify({
        max_concurrency: c, num_prompts: 5 * c, completed: 5 * c - (invalid ? 12 : 0), failed: invalid ? 12 : 0, duration: 60, request_throughput: tps / 1024, output_throughput: tps,
        mean_ttft_ms: ttft, median_ttft_ms: ttft, p90_ttft_ms: ttft * 1.5, p99_ttft_ms: ttft * 2.2, mean_tpot_ms: itl, median_tpot_ms: itl, p99_tpot_ms: itl * 1.3,
        mean_itl_ms: itl, median_itl_ms: itl, p90_itl_ms: itl * 1.2, p99_itl_ms: itl * 1.9, mean_e2el_ms: ttft + itl * 1024, median_e2el_ms: ttft + itl * 1024, p99_e2el_ms: (ttft + itl * 1024) * 1.2,
        client_overloaded: overloaded,
      }));
    }
    await writeFile(join(results, 'benchmark-rollup.json'), JSON.stringify({ valid: spec.id !== '7002', reason: spec.id === '7002' ? 'concurrency 15000: 12 of 75000 requests failed' : '', runs: rows }));
    dirs.push(job);
  }
  return dirs;
}
