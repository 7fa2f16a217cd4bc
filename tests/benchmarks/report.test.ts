import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
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
    expect(lines[0]).toMatch(/^run\s+isl\/osl\s+conc\s+req\/s\s+out tok\/s\s+tok\/s\/GPU\s+TTFT p50\s+TTFT p99\s+ITL p50\s+ITL p99\s+E2E p50\s+ok\/failed$/);
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

  it.skipIf(!CHROMIUM)('renders the throughput-vs-latency plots in a headless browser', async () => {
    const out = join(root, 'browser.html');
    await main({ argv: ['report', ...jobs, '-o', out], env: nodeEnv(), stdout: collect(), stderr: collect() });
    const profile = await mkdtemp(join(tmpdir(), 'chromium-'));
    const { stdout: dom } = await promisify(execFile)(
      CHROMIUM as string,
      ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--dump-dom', `file://${out}`],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const charts = dom.match(/<svg[^>]*class="chart"[\s\S]*?<\/svg>/g) ?? [];
    expect(charts.map((c) => /aria-label="([^"]+)"/.exec(c)?.[1])).toStrictEqual(['Throughput vs TTFT', 'Throughput vs ITL']);
    for (const chart of charts) {
      const lines = chart.match(/<polyline[^>]*points="([^"]+)"/g) ?? [];
      expect(lines).toHaveLength(2);
      for (const l of lines) expect(/points="([^"]+)"/.exec(l)?.[1]?.trim().split(' ')).toHaveLength(2);
      expect(chart.match(/<circle/g)).toHaveLength(4);
    }
    expect(dom.match(/<tr><td>/g)).toHaveLength(4);
  }, 90_000);
});
