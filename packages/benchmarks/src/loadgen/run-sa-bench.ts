import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SrtError } from '@srt/core';
import { buildRequestPayload, type PayloadOptions } from './build-payloads.ts';
import { startClientMonitor, type ClientHealth, type OverloadLimits } from './client-monitor.ts';
import { calculateMetrics, type SaMetrics } from './metrics.ts';
import { parseConcurrencies, parseRequestRate } from './parse-concurrencies.ts';
import { createRandomRequests } from './prompts.ts';
import { buildResultJson, resultFileName, type SaResultJson } from './result-file.ts';
import { buildRollup, renderRollupCsv, type SaRollup } from './rollup.ts';
import { runPhase, type PhaseCounters } from './run-phase.ts';
import { selectTransport, type TimestampMode } from './select-transport.ts';
import { checkValidity, type Validity } from './validity.ts';

/** Options of one sa-bench invocation (one or more concurrencies). */
export interface SaBenchOptions {
  /** Base URL of the OpenAI-compatible server, e.g. `http://10.0.0.1:8000`. */
  readonly url: string;
  /** Served model name sent in every request. */
  readonly model: string;
  readonly isl: number;
  readonly osl: number;
  /** `[4, 8]` or `"4x8"`. */
  readonly concurrencies: readonly number[] | string;
  /** `inf` (default) or requests per second (Poisson arrivals). */
  readonly reqRate?: number | 'inf' | string;
  /** Requests per concurrency; default 5 × concurrency. */
  readonly numPrompts?: number;
  readonly seed?: number;
  /** Stream `/v1/chat/completions` instead of `/v1/completions`. */
  readonly chat?: boolean;
  /** Write per-concurrency result files and the rollup here. */
  readonly resultDir?: string;
  /** Warm up each concurrency with 5 × c requests at 250 req/s first (default true). */
  readonly warmup?: boolean;
  /** Failed requests tolerated per concurrency before the run is invalid (default 0). */
  readonly maxFailed?: number;
  readonly rangeRatio?: number;
  readonly apiKey?: string;
  readonly progressIntervalMs?: number;
  readonly overloadLimits?: OverloadLimits;
  /**
   * Where token timestamps come from: `kernel` (the native reader's kernel receive times),
   * `node` (`performance.now()` when node reads a socket) or `auto` (default: kernel when the
   * native reader loads, else node, with a log line saying why).
   */
  readonly timestamps?: TimestampMode;
}

/** A live progress sample of one phase. */
export interface SaProgress {
  readonly phase: 'warmup' | 'measure';
  readonly concurrency: number;
  readonly completed: number;
  readonly failed: number;
  readonly total: number;
  readonly elapsedS: number;
  readonly requestsPerS: number;
  readonly outputTokensPerS: number;
  readonly done: boolean;
  /** 1-based index of this concurrency among the run's concurrencies, and their count. */
  readonly point?: number;
  readonly points?: number;
}

/** One measured concurrency. */
export interface SaRun {
  readonly concurrency: number;
  readonly numPrompts: number;
  readonly duration: number;
  readonly metrics: SaMetrics;
  readonly client: ClientHealth;
  readonly validity: Validity;
  readonly result: SaResultJson;
  /** Path of the written result file (when `resultDir` was given). */
  readonly file?: string;
}

export interface SaBenchHooks {
  readonly onProgress?: (p: SaProgress) => void;
  /** Log lines (`Running benchmark with concurrency: 64`, …); the library never prints. */
  readonly onLog?: (line: string) => void;
  /** Called after each measured concurrency. */
  readonly onRun?: (run: SaRun) => void;
  readonly signal?: AbortSignal;
}

export interface SaBenchOutcome {
  readonly runs: readonly SaRun[];
  readonly rollup: SaRollup;
}

/**
 * The native sa-bench load generator: streams random prompts at each concurrency, measures
 * TTFT/TPOT/ITL/E2E exactly as sa-bench, writes its result files and a rollup, and fails
 * with `SRT_BENCHMARK_FAILED` when a run does not pass the validity gate.
 * @example
 * const { rollup } = await runSaBench({ url: 'http://127.0.0.1:8000', model: 'm', isl: 128, osl: 128, concurrencies: '4x8' });
 */
export async function runSaBench(opts: SaBenchOptions, hooks: SaBenchHooks = {}): Promise<SaBenchOutcome> {
  const concurrencies = parseConcurrencies(opts.concurrencies);
  const rate = parseRequestRate(opts.reqRate);
  const rateText = Number.isFinite(rate) ? String(opts.reqRate) : 'inf';
  const target = parseTarget(opts.url, opts.chat === true);
  const log = hooks.onLog ?? (() => {});
  const payloadOpts: PayloadOptions = { ...target, model: opts.model, chat: opts.chat === true, ignoreEos: true, ...(opts.apiKey === undefined ? {} : { apiKey: opts.apiKey }) };
  const seed = opts.seed ?? 0;
  // The requests depend only on their count (same seed), so with --num-prompts every concurrency
  // and the test request share one set: built once, not once per concurrency.
  let built: { readonly count: number; readonly requests: ReturnType<typeof createRandomRequests>; readonly payloads: readonly Buffer[] } | undefined;
  const makePayloads = (c: number): NonNullable<typeof built> => {
    const count = opts.numPrompts ?? 5 * c;
    if (built?.count !== count) {
      built = undefined; // let the previous set go before building the next
      const requests = createRandomRequests({ isl: opts.isl, osl: opts.osl, count, rangeRatio: opts.rangeRatio ?? 0.8, seed });
      built = { count, requests, payloads: requests.map((r) => buildRequestPayload(r, payloadOpts)) };
    }
    return built;
  };
  const transport = await selectTransport(target.host, target.port, opts.timestamps);
  const io = { openIo: transport.openIo };
  log(`SA-Bench Config: endpoint=${opts.url}; isl=${opts.isl}; osl=${opts.osl}; concurrencies=${concurrencies.join('x')}; req_rate=${rateText}; model=${opts.model}; timestamps=${transport.source}`);
  if (transport.note) log(`Note: ${transport.note}`);
  if (opts.resultDir) await mkdir(opts.resultDir, { recursive: true });
  const runs: SaRun[] = [];
  const finish = async (failure?: string): Promise<SaBenchOutcome> => {
    const rollup = buildRollup({ runs, model: opts.model, url: opts.url, isl: opts.isl, osl: opts.osl, reqRate: rateText, concurrencies, ...(failure ? { failure } : {}) });
    if (opts.resultDir) {
      await writeFile(join(opts.resultDir, 'benchmark-rollup.json'), `${JSON.stringify(rollup, null, 2)}\n`);
      await writeFile(join(opts.resultDir, 'benchmark-rollup.csv'), renderRollupCsv(rollup));
    }
    if (!rollup.valid) {
      log(`Benchmark FAILED: ${rollup.reason}`);
      throw new SrtError('SRT_BENCHMARK_FAILED', `sa-bench failed: ${rollup.reason}`, {
        details: opts.resultDir ? [`results and rollup in ${opts.resultDir}`] : [],
      });
    }
    return { runs, rollup };
  };

  log('Starting initial single prompt test run...');
  const test = await runPhase({ ...io, payloads: makePayloads(1).payloads.slice(0, 1), concurrency: 1, rate: Infinity, seed, counters: newCounters(), ...signalOf(hooks) });
  aborted(hooks);
  const testRecord = test.records[0];
  if (!testRecord?.success) {
    const reason = `Initial test run failed - Please make sure benchmark arguments are correctly specified. Error: ${testRecord?.error ?? 'no response'}`;
    log(reason);
    return finish(reason);
  }
  log('Initial test run completed. Starting main benchmark run...');

  for (const [index, c] of concurrencies.entries()) {
    const { requests, payloads } = makePayloads(c);
    const where = { point: index + 1, points: concurrencies.length };
    if (opts.warmup !== false) {
      log(`Warming up with concurrency ${c} (${payloads.length} requests at 250 req/s)`);
      await runWithProgress('warmup', c, where, payloads.length, hooks, opts, (counters) =>
        runPhase({ ...io, payloads, concurrency: c, rate: 250, seed: seed + 1, counters, ...signalOf(hooks) }),
      );
      aborted(hooks);
    }
    log(`Running benchmark with concurrency: ${c} (${payloads.length} requests, request rate ${rateText})`);
    const monitor = startClientMonitor(opts.overloadLimits);
    const phase = await runWithProgress('measure', c, where, payloads.length, hooks, opts, (counters) =>
      runPhase({ ...io, payloads, concurrency: c, rate, seed, counters, ...signalOf(hooks) }),
    );
    aborted(hooks);
    const metrics = calculateMetrics(requests, phase.records, phase.duration);
    const client = monitor.stop({ ...phase.gaps, medianItlMs: metrics.itlMs.median, timestamps: transport.source });
    const firstError = phase.records.find((r) => !r.success)?.error;
    const validity = checkValidity(metrics, { numPrompts: payloads.length, maxFailed: opts.maxFailed ?? 0, ...(firstError ? { firstError } : {}) });
    const result = buildResultJson({
      date: new Date(), backend: opts.chat ? 'openai-chat' : 'dynamo', model: opts.model, numPrompts: payloads.length,
      requestRate: rate, maxConcurrency: c, duration: phase.duration, metrics, requests, records: phase.records, client,
    });
    let file: string | undefined;
    if (opts.resultDir) {
      file = join(opts.resultDir, resultFileName(opts.isl, opts.osl, c, rateText));
      await writeFile(file, JSON.stringify(result));
    }
    const run: SaRun = { concurrency: c, numPrompts: payloads.length, duration: phase.duration, metrics, client, validity, result, ...(file ? { file } : {}) };
    runs.push(run);
    hooks.onRun?.(run);
    log(`Completed benchmark with concurrency: ${c}`);
    if (client.overloaded) log(`WARNING: load generator overloaded at concurrency ${c}: ${client.reasons.join('; ')}`);
    for (const w of client.warnings) log(`Note: ${w}`);
    if (!validity.valid) return finish();
  }
  log(opts.resultDir ? `SA-Bench complete. Results in ${opts.resultDir}` : 'SA-Bench complete.');
  return finish();
}

async function runWithProgress<T>(
  phase: SaProgress['phase'], concurrency: number, where: { readonly point: number; readonly points: number }, total: number, hooks: SaBenchHooks, opts: SaBenchOptions,
  body: (counters: PhaseCounters) => Promise<T>,
): Promise<T> {
  const counters = newCounters();
  const t0 = performance.now();
  const sample = (done: boolean): SaProgress => {
    const elapsedS = (performance.now() - t0) / 1000;
    return {
      phase, concurrency, ...where, total, done, completed: counters.completed, failed: counters.failed, elapsedS,
      requestsPerS: elapsedS > 0 ? counters.completed / elapsedS : 0,
      outputTokensPerS: elapsedS > 0 ? counters.outputTokens / elapsedS : 0,
    };
  };
  const onProgress = hooks.onProgress;
  const timer = onProgress ? setInterval(() => onProgress(sample(false)), opts.progressIntervalMs ?? 1000) : undefined;
  try {
    return await body(counters);
  } finally {
    if (timer) clearInterval(timer);
    onProgress?.(sample(true));
  }
}

function newCounters(): PhaseCounters {
  return { completed: 0, failed: 0, outputTokens: 0 };
}

function signalOf(hooks: SaBenchHooks): { signal?: AbortSignal } {
  return hooks.signal ? { signal: hooks.signal } : {};
}

function aborted(hooks: SaBenchHooks): void {
  if (hooks.signal?.aborted) throw new SrtError('SRT_ABORTED', 'sa-bench was cancelled before it finished; rerun it to get results');
}

function parseTarget(url: string, chat: boolean): { host: string; port: number; path: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SrtError('SRT_USAGE', `Invalid --url "${url}": use a base URL like http://127.0.0.1:8000`);
  }
  if (u.protocol !== 'http:') throw new SrtError('SRT_USAGE', `Unsupported URL scheme in "${url}": sa-bench speaks plain http:// (put TLS in a proxy)`);
  const base = u.pathname.replace(/\/+$/, '');
  const endpoint = chat ? '/v1/chat/completions' : '/v1/completions';
  const path = /completions$/.test(base) ? base : `${base.replace(/\/v1$/, '')}${endpoint}`;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : 80, path };
}
