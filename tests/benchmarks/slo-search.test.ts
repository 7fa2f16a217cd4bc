import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReportRuns, renderReportHtml, runSaBench } from '@srt/benchmarks';
import { describe, expect, it } from 'vitest';
import { textEvent, usageEvent } from '../../packages/benchmarks/test/stream-server.ts';

/** An OpenAI-style streaming server whose token gap grows with the requests in flight: 3 ms × active. */
async function loadDependentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  let active = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      active++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < 8; i++) {
        await new Promise((r) => setTimeout(r, 3 * active));
        res.write(textEvent(' t'));
      }
      res.write(usageEvent(8));
      res.end('data: [DONE]\n\n');
      active--;
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

describe('sa-bench SLO search and repeats', () => {
  it('finds the largest concurrency meeting an ITL p50 limit, with goodput per probe, in slo-search.json and the report', async () => {
    const s = await loadDependentServer();
    const dir = join(await mkdtemp(join(tmpdir(), 'slo-')), 'sa-bench_isl_8_osl_8');
    try {
      const out = await runSaBench({ url: s.url, model: 'm', isl: 8, osl: 8, concurrencies: [2], numPrompts: 24, warmup: false, resultDir: dir, slo: { itl_p50_ms: 20 }, search: 'concurrency', maxProbes: 8, searchMax: 64 });
      // ITL ≈ 3 ms × c: 20 ms allows about 6 streams
      expect(out.search?.answer?.load).toBeGreaterThanOrEqual(3);
      expect(out.search?.answer?.load).toBeLessThanOrEqual(7);
      expect(out.search?.probes.length).toBeLessThanOrEqual(8);
      expect(out.rollup).toMatchObject({ valid: true, slo_answer: out.search?.answer?.load });
      const doc = JSON.parse(await readFile(join(dir, 'slo-search.json'), 'utf8'));
      expect(doc.probes.every((p: { goodput: number }) => typeof p.goodput === 'number')).toBe(true);
      expect(doc.answer.load).toBe(out.search?.answer?.load);
      const [run] = await readReportRuns([dir]);
      expect(run?.slo?.answer).toBe(out.search?.answer?.load);
      const html = renderReportHtml(run ? [run] : []);
      expect(html).toContain(`largest concurrency meeting the SLO (itl_p50_ms ≤ 20): <b>${out.search?.answer?.load}</b>`);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('measures a point N times, pooling samples and giving mean ± 95 % CI', async () => {
    const s = await loadDependentServer();
    try {
      const out = await runSaBench({ url: s.url, model: 'm', isl: 8, osl: 8, concurrencies: [2], numPrompts: 6, warmup: false, repeats: 3 });
      const [run] = out.runs;
      expect(run?.metrics.completed).toBe(18);
      expect(run?.repeats).toHaveLength(3);
      const stats = run?.result['repeats'] as { n: number; output_throughput: { mean: number; ci95: number } };
      expect(stats.n).toBe(3);
      expect(stats.output_throughput.mean).toBeGreaterThan(0);
      expect(stats.output_throughput.ci95).toBeGreaterThanOrEqual(0);
    } finally {
      await s.close();
    }
  }, 60_000);
});
