import { createServer } from 'node:net';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chunk, LAST_CHUNK, SSE_HEAD, startScriptedServer, streamedCompletion, textEvent, usageEvent, type ScriptedWrite } from '../../test/stream-server.ts';
import { runSaBench, type SaBenchOptions } from './run-sa-bench.ts';

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(respond: Parameters<typeof startScriptedServer>[0]) {
  const s = await startScriptedServer(respond);
  servers.push(s);
  return s;
}

const baseOptions = (url: string, extra: Partial<SaBenchOptions> = {}): SaBenchOptions => ({
  url, model: 'served/name', isl: 20, osl: 10, concurrencies: [2], warmup: false, ...extra,
});

/** Both transports must measure the same: the native kernel-stamped reader and node:net. */
const TIMESTAMPS = ['kernel', 'node'] as const;

/** The keys of sa-bench's result JSON (§3.7) with percentiles 90, 95, 99; our additions sit at the metadata slot. */
const SPEC_KEYS = [
  'date', 'backend', 'model_id', 'tokenizer_id', 'best_of', 'num_prompts',
  'request_rate', 'burstiness', 'max_concurrency', 'duration', 'completed', 'total_input_tokens', 'total_output_tokens',
  'request_throughput', 'request_goodput:', 'output_throughput', 'total_token_throughput', 'input_lens', 'output_lens',
  'ttfts', 'itls', 'generated_texts', 'errors',
  ...['ttft', 'tpot', 'itl', 'e2el'].flatMap((m) => ['mean', 'median', 'std', 'p90', 'p95', 'p99'].map((s) => `${s}_${m}_ms`)),
];
const METADATA_KEYS = [
  'failed', 'client_timestamps', 'client_overloaded', 'client_overload_reasons', 'client_warnings', 'client_cpu_pct', 'client_loop_busy_pct',
  'client_loop_delay_p99_ms', 'client_loop_delay_max_ms', 'client_read_delay_p99_ms', 'client_coalesced_pct',
];

describe.each(TIMESTAMPS)('runSaBench (%s timestamps)', (timestamps) => {
  const base = (url: string, extra: Partial<SaBenchOptions> = {}): SaBenchOptions => baseOptions(url, { timestamps, ...extra });
  it('sends the streaming completion body of sa-bench with the served model name and ignore_eos', async () => {
    const s = await serve(() => streamedCompletion([' a', ' b'], { usage: 2 }));
    await runSaBench(base(s.url, { numPrompts: 3 }));
    const req = s.seen[1];
    expect(req?.path).toBe('/v1/completions');
    expect(Object.keys(req?.body ?? {})).toStrictEqual(['model', 'prompt', 'temperature', 'best_of', 'max_tokens', 'logprobs', 'stream', 'stream_options', 'ignore_eos']);
    expect(req?.body['model']).toBe('served/name');
    expect(req?.body['stream_options']).toStrictEqual({ include_usage: true });
    expect(req?.body['ignore_eos']).toBe(true);
    expect(s.seen.map((r) => r.body['max_tokens'] as number).every((n) => n >= 8 && n <= 10)).toBe(true);
    expect(s.seen).toHaveLength(1 + 3); // the initial test request, then the measured ones
  });

  it('sends the first seeded prompt as the test request, and the same prompts at every concurrency with --num-prompts', async () => {
    const s = await serve(() => streamedCompletion([' a', ' b'], { usage: 2 }));
    await runSaBench(base(s.url, { concurrencies: '1x2', numPrompts: 3 }));
    const prompts = s.seen.map((r) => r.body['prompt'] as string);
    expect(prompts).toHaveLength(1 + 3 + 3);
    expect(prompts[0]).toBe(prompts[1]); // concurrency 1 sends its prompts in order
    expect(prompts.slice(4).sort()).toStrictEqual(prompts.slice(1, 4).sort());
  });

  it('sends 5 × concurrency prompts per concurrency by default', async () => {
    const s = await serve(() => streamedCompletion([' a', ' b'], { usage: 2 }));
    await runSaBench(base(s.url, { concurrencies: '1x2' }));
    expect(s.seen).toHaveLength(1 + 5 + 10);
  });

  it('takes output tokens from usage when the server sends it', async () => {
    const s = await serve(() => streamedCompletion([' a', ' b', ' c'], { usage: 7 }));
    const { runs } = await runSaBench(base(s.url, { numPrompts: 4 }));
    expect(runs[0]?.result['output_lens']).toStrictEqual([7, 7, 7, 7]);
    expect(runs[0]?.metrics.totalOutputTokens).toBe(28);
  });

  it('counts tokens from the chunks when there is no usage, several words per chunk counting as several tokens', async () => {
    const s = await serve(() => streamedCompletion([' a b', 'c', ' d e f']));
    const { runs } = await runSaBench(base(s.url, { numPrompts: 2 }));
    expect(runs[0]?.result['output_lens']).toStrictEqual([6, 6]);
    expect(runs[0]?.result['generated_texts']).toStrictEqual([' a bc d e f', ' a bc d e f']);
  });

  it('parses chunked framing and SSE lines split at arbitrary bytes, skipping comments and event lines', async () => {
    const body =
      chunk(': keep-alive comment\r\n\r\nevent: message\r\n' + textEvent(' x').replace(/\n/g, '\r\n')) +
      chunk(textEvent(' y') + textEvent(' z')) + chunk(usageEvent(3)) + chunk('data: [DONE]\n\n') + LAST_CHUNK;
    const raw = SSE_HEAD + body;
    const s = await serve(() => {
      const writes: ScriptedWrite[] = [];
      for (let i = 0; i < raw.length; i += 7) writes.push({ afterMs: i % 21 === 0 ? 1 : 0, bytes: raw.slice(i, i + 7) });
      return writes;
    });
    const { runs } = await runSaBench(base(s.url, { numPrompts: 2 }));
    expect(runs[0]?.result['generated_texts']).toStrictEqual([' x y z', ' x y z']);
    expect(runs[0]?.result['output_lens']).toStrictEqual([3, 3]);
    expect((runs[0]?.result['itls'] as number[][]).map((l) => l.length)).toStrictEqual([2, 2]);
  });

  it('measures TTFT, ITL and E2E from chunk arrival so that ITLs add up to latency minus TTFT', async () => {
    const s = await serve(() => streamedCompletion([' a', ' b', ' c', ' d', ' e'], { ttftMs: 40, gapMs: 30, usage: 5 }));
    const { runs } = await runSaBench(base(s.url, { numPrompts: 4 }));
    const r = runs[0]!.result;
    const ttfts = r['ttfts'] as number[];
    const itls = r['itls'] as number[][];
    const m = runs[0]!.metrics;
    itls.forEach((gaps, i) => {
      expect(gaps).toHaveLength(4);
      expect(gaps.every((g) => g > 0.015)).toBe(true);
      const latency = ttfts[i]! + gaps.reduce((a, b) => a + b, 0);
      expect(latency).toBeGreaterThan(0.15);
    });
    expect(m.ttftMs.median).toBeGreaterThan(35);
    expect(m.itlMs.median).toBeGreaterThan(20);
    // TPOT = (latency − ttft) / (out − 1) = mean of the request's ITLs
    const tpots = itls.map((g) => (g.reduce((a, b) => a + b, 0) / 4) * 1000).sort((a, b) => a - b);
    expect(m.tpotMs.median).toBeCloseTo((tpots[1]! + tpots[2]!) / 2, 6);
    expect(m.e2elMs.mean).toBeCloseTo((m.ttftMs.mean + m.tpotMs.mean * 4), 6);
  });

  it('resends a request once when the server closed the idle keep-alive socket it was sent on', async () => {
    const s = await serve(() => {
      const writes = streamedCompletion([' a'], { usage: 1 });
      return [...writes.slice(0, -1), { ...writes[writes.length - 1]!, close: true }];
    });
    const { runs } = await runSaBench(base(s.url, { numPrompts: 6, concurrencies: [1] }));
    expect(runs[0]?.metrics).toMatchObject({ completed: 6, failed: 0 });
  });

  it('streams chat completions from delta.content with --chat', async () => {
    const s = await serve(() => [
      { afterMs: 0, bytes: SSE_HEAD },
      { afterMs: 0, bytes: chunk(`data: ${JSON.stringify({ choices: [{ delta: { content: 'Hi' } }] })}\n\n`) },
      { afterMs: 0, bytes: chunk(`data: ${JSON.stringify({ choices: [{ delta: { content: ' there' } }] })}\n\n`) },
      { afterMs: 0, bytes: chunk('data: [DONE]\n\n') + LAST_CHUNK },
    ]);
    const { runs } = await runSaBench(base(s.url, { numPrompts: 2, chat: true }));
    expect(s.seen[0]?.path).toBe('/v1/chat/completions');
    expect(s.seen[0]?.body['messages']).toMatchObject([{ role: 'user' }]);
    expect(runs[0]?.result['generated_texts']).toStrictEqual(['Hi there', 'Hi there']);
    expect(runs[0]?.result['backend']).toBe('openai-chat');
  });

  it('writes one result file per concurrency with the keys and key order of sa-bench, and a rollup', async () => {
    const s = await serve(() => streamedCompletion([' a', ' b'], { usage: 2 }));
    const dir = await mkdtemp(join(tmpdir(), 'sab-'));
    await runSaBench(base(s.url, { concurrencies: '1x2', resultDir: dir, reqRate: 'inf', numPrompts: 2 }));
    expect((await readdir(dir)).sort()).toStrictEqual([
      'benchmark-rollup.csv', 'benchmark-rollup.json',
      'isl_20_osl_10_concurrency_1_req_rate_inf.json', 'isl_20_osl_10_concurrency_2_req_rate_inf.json',
    ]);
    const result = JSON.parse(await readFile(join(dir, 'isl_20_osl_10_concurrency_2_req_rate_inf.json'), 'utf8')) as Record<string, unknown>;
    const keys = Object.keys(result);
    expect(keys.filter((k) => !METADATA_KEYS.includes(k))).toStrictEqual(SPEC_KEYS);
    expect(keys.slice(6, 6 + METADATA_KEYS.length)).toStrictEqual(METADATA_KEYS);
    expect(result).toMatchObject({ backend: 'dynamo', model_id: 'served/name', num_prompts: 2, request_rate: 'inf', max_concurrency: 2, completed: 2, 'request_goodput:': null, client_timestamps: timestamps });
    const rollup = JSON.parse(await readFile(join(dir, 'benchmark-rollup.json'), 'utf8')) as { valid: boolean; runs: { concurrency: number }[] };
    expect(rollup.valid).toBe(true);
    expect(rollup.runs.map((r) => r.concurrency)).toStrictEqual([1, 2]);
    const csv = (await readFile(join(dir, 'benchmark-rollup.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]?.startsWith('concurrency,file,num_prompts,completed,failed,')).toBe(true);
  });

  it('warms up each concurrency with 5 × c requests before measuring, unless disabled', async () => {
    const s = await serve(() => streamedCompletion([' a'], { usage: 1 }));
    await runSaBench(base(s.url, { concurrencies: [2], warmup: true }));
    expect(s.seen).toHaveLength(1 + 10 + 10);
  });
});

describe.each(TIMESTAMPS)('runSaBench validity gate (%s timestamps)', (timestamps) => {
  const base = (url: string, extra: Partial<SaBenchOptions> = {}): SaBenchOptions => baseOptions(url, { timestamps, ...extra });
  it('fails the benchmark when the server generates no tokens', async () => {
    const s = await serve(() => [
      { afterMs: 0, bytes: SSE_HEAD },
      { afterMs: 0, bytes: chunk(textEvent('')) + chunk(usageEvent(0)) + chunk('data: [DONE]\n\n') + LAST_CHUNK },
    ]);
    const dir = await mkdtemp(join(tmpdir(), 'sab-'));
    const error = await runSaBench(base(s.url, { numPrompts: 2, resultDir: dir })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SRT_BENCHMARK_FAILED' });
    expect((error as Error).message).toMatchInlineSnapshot(`"sa-bench failed: concurrency 2: the server generated no tokens"`);
    const rollup = JSON.parse(await readFile(join(dir, 'benchmark-rollup.json'), 'utf8')) as { valid: boolean; reason: string };
    expect(rollup).toMatchObject({ valid: false, reason: 'concurrency 2: the server generated no tokens' });
  });

  it('reads host:port without a scheme as http and says a refused connection in one line', async () => {
    const closed = createServer();
    const port = await new Promise<number>((r) => closed.listen(0, '127.0.0.1', () => r((closed.address() as { port: number }).port)));
    await new Promise((r) => closed.close(r));
    const logs: string[] = [];
    const error = await runSaBench(base(`127.0.0.1:${port}`), { onLog: (l) => logs.push(l) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SRT_BENCHMARK_FAILED' });
    expect((error as Error).message.replace(String(port), 'PORT')).toMatchInlineSnapshot(`"sa-bench failed: the initial test request failed: connection refused by 127.0.0.1:PORT (is the server running and listening on that port?); check --url, --model and the benchmark arguments"`);
    expect(logs.filter((l) => l.includes('refused'))).toStrictEqual([]);
  });

  it('fails at the initial test request when every request errors', async () => {
    const s = await serve(() => [{ afterMs: 0, bytes: 'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nboom' }]);
    const dir = await mkdtemp(join(tmpdir(), 'sab-'));
    const logs: string[] = [];
    const error = await runSaBench(base(s.url, { resultDir: dir }), { onLog: (l) => logs.push(l) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SRT_BENCHMARK_FAILED' });
    expect((error as Error).message).toMatchInlineSnapshot(
      `"sa-bench failed: the initial test request failed: HTTP 500 Internal Server Error: boom; check --url, --model and the benchmark arguments"`,
    );
    expect(logs.at(-1)).toBe('Starting initial single prompt test run...'); // the failure is said once, by whoever catches it
    const rollup = JSON.parse(await readFile(join(dir, 'benchmark-rollup.json'), 'utf8')) as { valid: boolean; runs: unknown[] };
    expect(rollup).toMatchObject({ valid: false, runs: [] });
  });

  it.each([
    { maxFailed: 0, valid: false },
    { maxFailed: 2, valid: true },
  ])('with some requests failing, honours the failed-request threshold ($maxFailed allowed)', async ({ maxFailed, valid }) => {
    const s = await serve((_req, i) =>
      i === 2 || i === 4 ? [{ afterMs: 0, bytes: 'HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n' }] : streamedCompletion([' a'], { usage: 1 }),
    );
    const outcome = await runSaBench(base(s.url, { numPrompts: 6, concurrencies: [1], maxFailed })).then(
      (o) => o.rollup,
      (e: unknown) => e,
    );
    if (valid) expect(outcome).toMatchObject({ valid: true, runs: [{ completed: 4, failed: 2 }] });
    else {
      expect(outcome).toMatchObject({ code: 'SRT_BENCHMARK_FAILED' });
      expect((outcome as Error).message).toMatchInlineSnapshot(
        `"sa-bench failed: concurrency 1: 2 of 6 requests failed, more than the 0 allowed (first error: HTTP 503 Service Unavailable)"`,
      );
    }
  });

  it('stops with SRT_ABORTED when cancelled', async () => {
    const s = await serve(() => streamedCompletion([' a', ' b', ' c'], { gapMs: 200, usage: 3 }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const error = await runSaBench(base(s.url, { numPrompts: 10 }), { signal: ac.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SRT_ABORTED' });
  });

  it('keeps the points measured before a cancel and writes the rollup from them', async () => {
    const s = await serve(() => streamedCompletion([' a', ' b'], { gapMs: 20, usage: 2 }));
    const resultDir = await mkdtemp(join(tmpdir(), 'sa-cancel-'));
    const ac = new AbortController();
    const error = await runSaBench(base(s.url, { concurrencies: '1x2', numPrompts: 2, resultDir }), { signal: ac.signal, onRun: () => ac.abort() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SRT_ABORTED', message: 'sa-bench was cancelled after 1 of 2 points; rerun it to get the rest' });
    expect((await readdir(resultDir)).sort()).toStrictEqual(['benchmark-rollup.csv', 'benchmark-rollup.json', 'isl_20_osl_10_concurrency_1_req_rate_inf.json']);
    const rollup = JSON.parse(await readFile(join(resultDir, 'benchmark-rollup.json'), 'utf8')) as { valid: boolean; reason: string; runs: unknown[] };
    expect(rollup).toMatchObject({ valid: false, reason: 'cancelled after 1 of 2 points' });
  });
});

describe('runSaBench progress', () => {
  const base = baseOptions;
  it('reports completed/total, rates and a final sample per phase', async () => {
    const s = await serve(() => streamedCompletion([' a', ' b'], { gapMs: 20, usage: 2 }));
    const samples: { phase: string; completed: number; total: number; done: boolean }[] = [];
    await runSaBench(base(s.url, { numPrompts: 4, warmup: true, progressIntervalMs: 10 }), {
      onProgress: (p) => samples.push({ phase: p.phase, completed: p.completed, total: p.total, done: p.done }),
    });
    expect(samples.filter((p) => p.done)).toStrictEqual([
      { phase: 'warmup', completed: 4, total: 4, done: true },
      { phase: 'measure', completed: 4, total: 4, done: true },
    ]);
    expect(samples.some((p) => !p.done)).toBe(true);
  });
});
