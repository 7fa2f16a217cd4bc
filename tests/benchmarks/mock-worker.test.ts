import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startMockWorker } from '@srt/backends';
import { runSaBench } from '@srt/benchmarks';
import { main } from '@srt/cli';
import { nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const out = (): { write: (s: string) => void; text: () => string } => {
  let t = '';
  return { write: (s) => (t += s), text: () => t };
};

describe('sa-bench against our mock worker, then srtctl report', () => {
  it('measures a mock worker at two concurrencies and renders the report in a browser', async () => {
    const worker = await startMockWorker({ mode: 'agg', index: 0, model: 'mock-model', port: 0, ttftMs: 30, itlMs: 5 });
    const job = join(await mkdtemp(join(tmpdir(), 'mock-bench-')), 'outputs', '9001');
    await mkdir(job, { recursive: true });
    await writeFile(
      join(job, 'config.yaml'),
      'name: mock-agg\nmodel: { path: /models/mock-model, container: mock, precision: fp8 }\nresources: { gpu_type: mock, gpus_per_node: 4, agg_nodes: 1, agg_workers: 1 }\nbenchmark: { type: sa-bench, isl: 64, osl: 16, concurrencies: "2x8" }\n',
    );
    try {
      const { rollup, runs } = await runSaBench({
        url: worker.url, model: 'mock-model', isl: 64, osl: 16, concurrencies: '2x8', warmup: false,
        resultDir: join(job, 'logs', 'sa-bench_isl_64_osl_16'),
      });
      expect(rollup).toMatchObject({ valid: true, concurrencies: [2, 8] });
      for (const run of runs) {
        // with ignore_eos the mock generates exactly max_tokens, and reports usage
        const maxTokens = run.result['output_lens'] as number[];
        expect(maxTokens.every((n) => n >= 12 && n <= 16)).toBe(true);
        expect(run.metrics.failed).toBe(0);
        expect(run.metrics.ttftMs.median).toBeGreaterThanOrEqual(25);
        expect(run.metrics.itlMs.median).toBeGreaterThan(3);
      }
    } finally {
      await worker.close();
    }
    const html = join(job, 'report.html');
    const stdout = out();
    expect(await main({ argv: ['report', job], env: nodeEnv(), stdout, stderr: out() })).toBe(0);
    expect(stdout.text().split('\n').filter((l) => l.startsWith('mock-agg (9001)')).map((l) => l.split(/\s+/)[3])).toStrictEqual(['2', '8']);
    expect(await readFile(html, 'utf8')).toContain('<polyline');
    if (!CHROMIUM) return;
    const profile = await mkdtemp(join(tmpdir(), 'chromium-'));
    const { stdout: dom } = await promisify(execFile)(
      CHROMIUM,
      ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--dump-dom', `file://${html}`],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    expect([...dom.matchAll(/<svg [^>]*aria-label="([^"]+)"/g)].map((m) => m[1])).toStrictEqual([
      'Throughput per GPU vs interactivity (Pareto frontier)', 'TTFT vs concurrency', 'ITL vs concurrency',
    ]);
    expect(dom.match(/data-series="mock-agg \(9001\) p50">\s*<polyline[^>]*points="[^"]+ [^"]+"/g)).toHaveLength(2);
  }, 90_000);
});
