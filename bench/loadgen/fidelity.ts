/**
 * Load-generator fidelity: runs sa-bench at each concurrency against a paced server and
 * compares what it reports with what the server emitted.
 *   --truth mockllm      GET /stats of /work/shared/bench/mockllm.c (emitted gap histogram)
 *   --truth mock-worker  /metrics of our mock worker (chunks written, lateness vs schedule)
 * Usage: node --conditions=@srt/source --import tsx bench/loadgen/fidelity.ts --url http://127.0.0.1:8000 [--concurrency 16x64] [--truth mockllm]
 *        [--timestamps auto|kernel|node] [--json out.json]
 * (bench/loadgen/fidelity.sh starts the servers pinned to CPU 1 and this client on CPU 0.)
 */
import { loadavg } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runSaBench, type TimestampMode } from '../../packages/benchmarks/src/index.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8000' },
    concurrency: { type: 'string', default: '16x64x256x512x1024x2048' },
    isl: { type: 'string', default: '128' },
    osl: { type: 'string', default: '128' },
    itl: { type: 'string', default: '10' },
    'prompts-per-stream': { type: 'string', default: '5' },
    truth: { type: 'string', default: 'mockllm' },
    timestamps: { type: 'string', default: 'auto' },
    'no-header': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

interface Hist { readonly n: number; readonly mean: number; readonly p50: number; readonly p99: number }
interface Stats { readonly tokens: number; readonly wall_s: number; readonly cpu_pct: number; readonly gap_ms: Hist; readonly late_ms: Hist }
interface Truth { readonly gapP50?: number; readonly gapP99?: number; readonly tokens: number; readonly note: string }

const url = values.url;
const nominal = Number(values.itl);

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`));
  return Number(line?.split(' ').pop() ?? 0);
}

async function before(): Promise<Record<string, number>> {
  if (values.truth === 'mockllm') {
    await fetch(`${url}/stats/reset`);
    return {};
  }
  if (values.truth === 'mock-worker')
    return { chunks: await metric('mock_stream_chunks_total'), tokens: await metric('mock_generation_tokens_total'), late: await metric('mock_chunk_lateness_seconds_total') };
  return {};
}

async function after(b: Record<string, number>): Promise<Truth | undefined> {
  if (values.truth === 'mockllm') {
    const s = (await (await fetch(`${url}/stats`)).json()) as Stats;
    return { gapP50: s.gap_ms.p50, gapP99: s.gap_ms.p99, tokens: s.tokens, note: `server CPU ${s.cpu_pct.toFixed(0)}%, write lateness p99 ${s.late_ms.p99.toFixed(2)} ms` };
  }
  if (values.truth === 'mock-worker') {
    const chunks = (await metric('mock_stream_chunks_total')) - (b['chunks'] ?? 0);
    const tokens = (await metric('mock_generation_tokens_total')) - (b['tokens'] ?? 0);
    const lateMean = chunks > 0 ? (((await metric('mock_chunk_lateness_seconds_total')) - (b['late'] ?? 0)) * 1000) / chunks : 0;
    return { tokens, note: `paced at ${nominal} ms; mean chunk lateness ${lateMean.toFixed(2)} ms` };
  }
  return undefined;
}

const fmt = (x: number | undefined, d = 2): string => (x === undefined ? 'n/a' : x.toFixed(d));
const err = (a: number, b: number | undefined): string => (b ? `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)}%` : 'n/a');
const rows: Record<string, unknown>[] = [];
if (!values['no-header']) {
  console.log(`| server | stamps | streams | reported ITL p50 / p99 (ms) | true ITL p50 / p99 (ms) | error p50 / p99 | reported tok/s | server tok/s | client CPU % | loop busy % | loop delay p99 (ms) | read delay p99 (ms) | burst reads % | overload detected | failed | load avg | server note |`);
  console.log(`|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
}
for (const c of values.concurrency.split('x').map(Number)) {
  const b = await before();
  const load = loadavg()[0] ?? 0;
  const { runs } = await runSaBench({
    url, model: 'm', isl: Number(values.isl), osl: Number(values.osl), concurrencies: [c],
    numPrompts: c * Number(values['prompts-per-stream']), warmup: false, maxFailed: Number.MAX_SAFE_INTEGER,
    timestamps: values.timestamps as TimestampMode,
  }).catch((e: unknown) => {
    console.error(String(e));
    return { runs: [] };
  });
  const run = runs[0];
  if (!run) {
    console.log(`| ${values.truth} | ${values.timestamps} | ${c} | run failed | | | | | | | | | | | | | |`);
    continue;
  }
  const truth = await after(b);
  const m = run.metrics;
  const gapP50 = truth?.gapP50 ?? (values.truth === 'mock-worker' ? nominal : undefined);
  const gapP99 = truth?.gapP99 ?? (values.truth === 'mock-worker' ? nominal : undefined);
  console.log(
    `| ${values.truth} | ${run.client.timestamps} | ${c} | ${fmt(m.itlMs.median)} / ${fmt(m.itlMs.p99)} | ${fmt(gapP50)} / ${fmt(gapP99)} | ` +
      `${err(m.itlMs.median, gapP50)} / ${err(m.itlMs.p99, gapP99)} | ${fmt(m.outputThroughput, 0)} | ` +
      `${truth ? fmt(truth.tokens / run.duration, 0) : 'n/a'} | ${fmt(run.client.cpuPct, 0)} | ${fmt(run.client.loopBusyPct, 0)} | ${fmt(run.client.loopDelayP99Ms)} | ${fmt(run.client.readDelayP99Ms)} | ` +
      `${fmt(run.client.coalescedPct, 1)} | ${run.client.overloaded ? `yes (${run.client.reasons.join('; ')})` : 'no'} | ${m.failed} | ${load.toFixed(1)} | ${truth?.note ?? ''} |`,
  );
  rows.push({ server: values.truth, concurrency: c, reported: { itl: m.itlMs, ttft: m.ttftMs, tok_s: m.outputThroughput, duration: run.duration }, truth, client: run.client, failed: m.failed, loadavg: load });
}
if (values.json) await writeFile(values.json, JSON.stringify(rows, null, 2));
