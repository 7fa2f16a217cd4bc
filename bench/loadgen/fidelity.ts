/**
 * Load-generator fidelity: runs sa-bench at each concurrency against a paced server and
 * compares what it reports with what the server says it emitted (`GET /stats`).
 * Usage: node --conditions=@srt/source --import tsx bench/loadgen/fidelity.ts --url http://127.0.0.1:8000 [--concurrency 16x64] [--server mockllm|mock-worker] [--json out.json]
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runSaBench } from '../../packages/benchmarks/src/index.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8000' },
    concurrency: { type: 'string', default: '16x64x256x512x1024x2048' },
    isl: { type: 'string', default: '128' },
    osl: { type: 'string', default: '128' },
    'prompts-per-stream': { type: 'string', default: '5' },
    stats: { type: 'boolean', default: true },
    label: { type: 'string', default: 'mockllm' },
    json: { type: 'string' },
  },
});

interface Hist { readonly n: number; readonly mean: number; readonly p50: number; readonly p99: number }
interface Stats { readonly tokens: number; readonly wall_s: number; readonly cpu_pct: number; readonly gap_ms: Hist }

const url = values.url;
const rows: Record<string, unknown>[] = [];
const fmt = (x: number, d = 2): string => x.toFixed(d);
console.log(`| server | concurrency | reported ITL p50 / p99 (ms) | true ITL p50 / p99 (ms) | error p50 / p99 | reported tok/s | true tok/s | client CPU % | loop busy % | loop delay p99 (ms) | coalesced % | overload detected | failed |`);
console.log(`|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
for (const c of values.concurrency.split('x').map(Number)) {
  if (values.stats) await fetch(`${url}/stats/reset`);
  const t0 = performance.now();
  const { runs } = await runSaBench({
    url, model: 'm', isl: Number(values.isl), osl: Number(values.osl), concurrencies: [c],
    numPrompts: c * Number(values['prompts-per-stream']), warmup: false, maxFailed: Number.MAX_SAFE_INTEGER,
  }).catch((e: unknown) => ({ runs: [], error: e }));
  const wall = (performance.now() - t0) / 1000;
  const run = runs[0];
  if (!run) {
    console.log(`| ${values.label} | ${c} | run failed | | | | | | | | |`);
    continue;
  }
  const truth = values.stats ? ((await (await fetch(`${url}/stats`)).json()) as Stats) : undefined;
  const m = run.metrics;
  const err = (a: number, b: number | undefined): string => (b ? `${a >= b ? '+' : ''}${fmt(((a - b) / b) * 100, 1)}%` : 'n/a');
  const trueTokS = truth ? truth.tokens / run.duration : undefined;
  console.log(
    `| ${values.label} | ${c} | ${fmt(m.itlMs.median)} / ${fmt(m.itlMs.p99)} | ${truth ? `${fmt(truth.gap_ms.p50)} / ${fmt(truth.gap_ms.p99)}` : 'n/a'} | ` +
      `${err(m.itlMs.median, truth?.gap_ms.p50)} / ${err(m.itlMs.p99, truth?.gap_ms.p99)} | ${fmt(m.outputThroughput, 0)} | ` +
      `${trueTokS === undefined ? 'n/a' : fmt(trueTokS, 0)} | ${fmt(run.client.cpuPct, 0)} | ${fmt(run.client.loopBusyPct, 0)} | ${fmt(run.client.loopDelayP99Ms)} | ${fmt(run.client.coalescedPct, 1)} | ` +
      `${run.client.overloaded ? `yes (${run.client.reasons.join('; ')})` : 'no'} | ${m.failed} |`,
  );
  rows.push({ server: values.label, concurrency: c, wall_s: wall, reported: { itl: m.itlMs, ttft: m.ttftMs, tok_s: m.outputThroughput, duration: run.duration }, truth, client: run.client, failed: m.failed });
}
if (values.json) await writeFile(values.json, JSON.stringify(rows, null, 2));
