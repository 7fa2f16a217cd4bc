import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockWorker } from '@srt/backends';
import { runSaBench } from '@srt/benchmarks';
import { main } from '@srt/cli';
import { nodeEnv } from '@srt/core';
import { beforeAll, describe, expect, it } from 'vitest';

const out = (): { write: (s: string) => void; text: () => string } => {
  let t = '';
  return { write: (s) => (t += s), text: () => t };
};

/** One job output directory measured against a mock worker pacing tokens `itlMs` apart. */
async function measure(root: string, id: string, itlMs: number): Promise<string> {
  const worker = await startMockWorker({ mode: 'agg', index: 0, model: 'm', port: 0, ttftMs: 20, itlMs });
  const job = join(root, id);
  await mkdir(job, { recursive: true });
  await writeFile(join(job, 'config.yaml'), `name: gate\nmodel: { path: /m, container: c, precision: fp8 }\nresources: { gpu_type: h100, gpus_per_node: 4, agg_nodes: 1, agg_workers: 1 }\n`);
  try {
    await runSaBench({ url: worker.url, model: 'm', isl: 16, osl: 24, concurrencies: '4', numPrompts: 12, warmup: false, rangeRatio: 1, resultDir: join(job, 'logs', 'sa-bench_isl_16_osl_24') });
  } finally {
    await worker.close();
  }
  return job;
}

describe('srtctl compare', () => {
  let root = '';
  let base = '';
  let slower = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'compare-'));
    base = await measure(root, '100', 20);
    slower = await measure(root, '101', 22);
  }, 60_000);

  it('fails (exit 1) when the mock ITL was raised by 10 %, naming the regressed metrics', async () => {
    const stdout = out();
    const code = await main({ argv: ['compare', base, slower, '--max-regression', '5%'], env: nodeEnv(), stdout, stderr: out() });
    expect(code).toBe(1);
    const verdict = stdout.text().trim().split('\n').at(-1) ?? '';
    expect(verdict).toMatch(/^FAIL: \d+ metric\(s\) worse by more than 5%: /);
    expect(verdict).toContain('sa-bench_isl_16_osl_24 c=4 ITL p50');
    expect(stdout.text()).toMatch(/ITL p50\s+(19|20)\.\d+\s+2[12]\.\d+\s+\+\d+\.\d% worse\s+REGRESSION/);
  });

  it('passes (exit 0) for the same run, and with a threshold above the change', async () => {
    expect(await main({ argv: ['compare', base, base], env: nodeEnv(), stdout: out(), stderr: out() })).toBe(0);
    const stdout = out();
    expect(await main({ argv: ['compare', base, slower, '--max-regression', '500'], env: nodeEnv(), stdout, stderr: out() })).toBe(0);
    expect(stdout.text()).toMatch(/^OK: no metric worse by more than 500%/m);
  });

  it('rejects a threshold that is not a percentage and runs with nothing in common', async () => {
    const stderr = out();
    expect(await main({ argv: ['compare', base, slower, '--max-regression', 'lots'], env: nodeEnv(), stdout: out(), stderr })).toBe(2);
    const other = join(root, '102', 'logs', 'sa-bench_isl_1_osl_1');
    await mkdir(other, { recursive: true });
    await writeFile(join(other, 'isl_1_osl_1_concurrency_1_req_rate_inf.json'), JSON.stringify({ completed: 1, output_throughput: 1, median_ttft_ms: 1, median_itl_ms: 1 }));
    expect(await main({ argv: ['compare', base, join(root, '102')], env: nodeEnv(), stdout: out(), stderr: out() })).toBe(2);
  });
});
