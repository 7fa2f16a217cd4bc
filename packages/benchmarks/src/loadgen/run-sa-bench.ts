import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SrtError, writeOutputFile } from '@srt/core';
import { buildRequestPayload, type PayloadOptions } from './build-payloads.ts';
import { startClientMonitor, type ClientHealth, type OverloadLimits } from './client-monitor.ts';
import { calculateMetrics, type RequestRecord, type SaMetrics } from './metrics.ts';
import { checkSlo, describeSlo, meanCi95, requestGoodput, searchSlo, type SloLimits, type SloSearchResult } from './slo.ts';
import { parseConcurrencies, parseRequestRate } from './parse-concurrencies.ts';
import { createRandomRequests } from './prompts.ts';
import { buildResultJson, resultFileName, type SaResultJson } from './result-file.ts';
import { buildRollup, renderRollupCsv, type SaRollup } from './rollup.ts';
import { checkEphemeralPorts, checkOpenFileLimit } from './fd-limit.ts';
import { runPhase, type PhaseCounters, type PhaseResult } from './run-phase.ts';
import { runPhaseMulti, type ForkClient } from './run-phase-multi.ts';
import { planLoadSlices } from './split-load.ts';
import { selectTransport, type TimestampMode } from './select-transport.ts';
import { describeStall, NOTHING_OBSERVED, observeLatency, stallBoundMs } from './stall.ts';
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
  /** Measure each point this many times (default 1); samples are pooled, the result file adds mean ± 95 % CI per repeat. */
  readonly repeats?: number;
  /** Latency limits: goodput is computed at every point, and `search` finds the largest load meeting them. */
  readonly slo?: SloLimits;
  /** Search the largest concurrency (from the first of `concurrencies`) or request rate (from `reqRate`, at the largest concurrency) meeting `slo`. */
  readonly search?: 'concurrency' | 'rate';
  readonly maxProbes?: number;
  readonly searchMax?: number;
  /**
   * A request that hears nothing from the server for this many seconds stalls the run, which fails
   * with `SRT_BENCHMARK_STALLED` (default: max(30 s, 20 × the p99 ITL seen so far, 3 × the slowest TTFT seen so far)).
   */
  readonly stallTimeoutS?: number;
  /**
   * Client processes (default 1): each concurrency point's streams, prompts and rate are split over
   * this many forked processes (each with its own kernel-stamped reader) and their raw samples
   * merged into the same result files; needs `SaBenchHooks.forkClient`.
   */
  readonly clientProcesses?: number;
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
  /** Requests per second meeting the SLO (when one was given). */
  readonly goodput?: number;
  /** Metrics of each repeat (when `repeats` > 1). */
  readonly repeats?: readonly SaMetrics[];
}

export interface SaBenchHooks {
  readonly onProgress?: (p: SaProgress) => void;
  /** Log lines (`Running benchmark with concurrency: 64`, …); the library never prints. */
  readonly onLog?: (line: string) => void;
  /** Called after each measured concurrency. */
  readonly onRun?: (run: SaRun) => void;
  readonly signal?: AbortSignal;
  /** Starts one client process (running `runPhaseChild`) when `clientProcesses` > 1. */
  readonly forkClient?: ForkClient;
  /** `/proc/self/limits` text, to check the open-file limit against the streams (skipped when undefined). */
  readonly readLimits?: () => string | undefined;
  /** `/proc/sys/net/ipv4/ip_local_port_range` text (undefined: no check): every stream needs a local port. */
  readonly readPortRange?: () => string | undefined;
}

export interface SaBenchOutcome {
  readonly runs: readonly SaRun[];
  readonly rollup: SaRollup;
  /** The SLO search (when one ran). */
  readonly search?: SloSearchResult;
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
  const makePayloadsOf = (count: number): NonNullable<typeof built> => {
    const requests = createRandomRequests({ isl: opts.isl, osl: opts.osl, count, rangeRatio: opts.rangeRatio ?? 0.8, seed });
    return { count, requests, payloads: requests.map((r) => buildRequestPayload(r, payloadOpts)) };
  };
  const transport = await selectTransport(target.host, target.port, opts.timestamps);
  const io = { openIo: transport.openIo };
  const processes = opts.clientProcesses ?? 1;
  const forkClient = hooks.forkClient;
  if (processes > 1 && !forkClient) throw new SrtError('SRT_USAGE', `--client-processes ${processes} needs a way to start client processes (SaBenchHooks.forkClient); run it through the srtctl bin`);
  const limits = hooks.readLimits?.();
  const streamsPerProcess = (c: number): number => Math.max(...planLoadSlices(c, c, Infinity, processes).map((x) => x.concurrency));
  checkOpenFileLimit(limits, streamsPerProcess(Math.max(...concurrencies))); // before any request; each phase checks again (search probes grow)
  const portRange = hooks.readPortRange?.();
  checkEphemeralPorts(portRange, Math.max(...concurrencies));
  /** One phase in this process, or split over the client processes (same prompts, merged raw samples). */
  // The stall watchdog runs in the single-process phase; client processes are stopped by their own failure handling.
  const phaseOf = async (payloads: readonly Buffer[], concurrency: number, phaseRate: number, phaseSeed: number, counters: PhaseCounters, stallMs: number): Promise<PhaseResult> => {
    checkOpenFileLimit(limits, streamsPerProcess(concurrency));
    checkEphemeralPorts(portRange, concurrency);
    if (processes <= 1 || !forkClient) return runPhase({ ...io, payloads, concurrency, rate: phaseRate, seed: phaseSeed, counters, stallMs, ...signalOf(hooks) });
    return runPhaseMulti({ fork: forkClient, processes, host: target.host, port: target.port, timestamps: transport.source, payloads, concurrency, rate: phaseRate, seed: phaseSeed, counters, ...signalOf(hooks) });
  };
  log(`SA-Bench Config: endpoint=${opts.url}; isl=${opts.isl}; osl=${opts.osl}; concurrencies=${concurrencies.join('x')}; req_rate=${rateText}; model=${opts.model}; timestamps=${transport.source}${processes > 1 ? `; client_processes=${processes}` : ''}`);
  if (transport.note) log(`Note: ${transport.note}`);
  if (opts.resultDir) await mkdir(opts.resultDir, { recursive: true });
  const runs: SaRun[] = [];
  let seen = NOTHING_OBSERVED;
  /** Runs one phase under the stall watchdog; a stall ends the benchmark (rollup written from the points measured). */
  const watched = async (phase: string, run: (stallMs: number) => Promise<PhaseResult>): Promise<PhaseResult> => {
    const result = await run(stallBoundMs(opts.stallTimeoutS, seen));
    if (result.stall) {
      const reason = describeStall(result.stall, opts.url, phase);
      log(`ERROR: ${reason}`);
      await finish(reason, undefined, 'SRT_BENCHMARK_STALLED');
    }
    seen = observeLatency(seen, result.records);
    return result;
  };
  /** Cancelled: the points measured so far keep their result files, and the rollup is written from them. */
  const stopIfAborted = async (): Promise<void> => {
    if (!hooks.signal?.aborted) return;
    const reason = `cancelled after ${runs.length} of ${concurrencies.length} points`;
    log(`sa-bench ${reason}${opts.resultDir ? `; results so far and the rollup in ${opts.resultDir}` : ''}`);
    await finish(reason).catch(() => undefined);
    throw new SrtError('SRT_ABORTED', `sa-bench was ${reason}; rerun it to get the rest`, { details: opts.resultDir ? [`results so far and the rollup in ${opts.resultDir}`] : [] });
  };
  const finish = async (failure?: string, searched?: { readonly search: SloSearchResult; readonly probedConcurrencies: readonly number[] }, code: 'SRT_BENCHMARK_FAILED' | 'SRT_BENCHMARK_STALLED' = 'SRT_BENCHMARK_FAILED'): Promise<SaBenchOutcome> => {
    const built = buildRollup({ runs, model: opts.model, url: opts.url, isl: opts.isl, osl: opts.osl, reqRate: rateText, concurrencies: searched?.probedConcurrencies ?? concurrencies, ...(failure ? { failure } : {}) });
    const rollup: SaRollup = searched === undefined || failure ? built : { ...built, valid: true, reason: '', slo_answer: searched.search.answer?.load ?? null };
    if (opts.resultDir) {
      await writeOutputFile(join(opts.resultDir, 'benchmark-rollup.json'), `${JSON.stringify(rollup, null, 2)}\n`);
      await writeOutputFile(join(opts.resultDir, 'benchmark-rollup.csv'), renderRollupCsv(rollup));
    }
    if (!rollup.valid) {
      throw new SrtError(code, `sa-bench failed: ${rollup.reason}`, {
        details: opts.resultDir ? [`results and rollup in ${opts.resultDir}`] : [],
      });
    }
    return { runs, rollup, ...(searched ? { search: searched.search } : {}) };
  };

  log('Starting initial single prompt test run...');
  const test = await watched('the initial test request', (stallMs) =>
    runPhase({ ...io, payloads: makePayloads(1).payloads.slice(0, 1), concurrency: 1, rate: Infinity, seed, counters: newCounters(), stallMs, ...signalOf(hooks) }));
  await stopIfAborted();
  const testRecord = test.records[0];
  if (!testRecord?.success) {
    // One line, said once: the caller prints the thrown error (porting note N3).
    const reason = `the initial test request failed: ${testRecord?.error ?? 'no response'}; check --url, --model and the benchmark arguments`;
    return finish(reason);
  }
  log('Initial test run completed. Starting main benchmark run...');

  /** Measures one point (`repeats` times, samples pooled) and writes its result file. */
  const measurePoint = async (c: number, pointRate: number, pointRateText: string, where: { readonly point: number; readonly points: number }, count?: number): Promise<SaRun> => {
    const { requests: oneSet, payloads } = count === undefined ? makePayloads(c) : makePayloadsOf(count);
    if (opts.warmup !== false) {
      log(`Warming up with concurrency ${c} (${payloads.length} requests at 250 req/s)`);
      await watched(`warmup at concurrency ${c}`, (stallMs) => runWithProgress('warmup', c, where, payloads.length, hooks, opts, (counters) =>
        phaseOf(payloads, c, 250, seed + 1, counters, stallMs),
      ));
      await stopIfAborted();
    }
    const repeats = opts.repeats ?? 1;
    const records: RequestRecord[] = [];
    const requests: (typeof oneSet)[number][] = [];
    const perRepeat: SaMetrics[] = [];
    let duration = 0;
    let gaps = { total: 0, coalesced: 0 };
    const monitor = startClientMonitor(opts.overloadLimits);
    for (let k = 0; k < repeats; k++) {
      log(`Running benchmark with concurrency: ${c} (${payloads.length} requests, request rate ${pointRateText}${repeats > 1 ? `, repeat ${k + 1} of ${repeats}` : ''})`);
      const phase = await watched(`concurrency ${c}`, (stallMs) => runWithProgress('measure', c, where, payloads.length, hooks, opts, (counters) =>
        phaseOf(payloads, c, pointRate, seed + k * 7919, counters, stallMs),
      ));
      await stopIfAborted();
      records.push(...phase.records);
      requests.push(...oneSet);
      duration += phase.duration;
      perRepeat.push(calculateMetrics(oneSet, phase.records, phase.duration));
      gaps = { total: gaps.total + phase.gaps.total, coalesced: gaps.coalesced + phase.gaps.coalesced };
    }
    // every repeat's samples pooled: percentiles of all requests, not averages of percentiles
    const metrics = calculateMetrics(requests, records, duration);
    const client = monitor.stop({ ...gaps, medianItlMs: metrics.itlMs.median, timestamps: transport.source });
    const firstError = records.find((r) => !r.success)?.error;
    const validity = checkValidity(metrics, { numPrompts: records.length, maxFailed: (opts.maxFailed ?? 0) * repeats, ...(firstError ? { firstError } : {}) });
    const goodput = opts.slo ? requestGoodput(records, duration, opts.slo) : undefined;
    const base = buildResultJson({
      date: new Date(), backend: opts.chat ? 'openai-chat' : 'dynamo', model: opts.model, numPrompts: records.length,
      requestRate: pointRate, maxConcurrency: c, duration, metrics, requests, records, client,
    });
    const result: SaResultJson = {
      ...base,
      ...(goodput === undefined ? {} : { 'request_goodput:': goodput, slo: opts.slo, slo_pass: checkSlo(metrics, opts.slo ?? {}).pass }),
      ...(repeats > 1 ? { repeats: repeatStats(perRepeat) } : {}),
    };
    let file: string | undefined;
    if (opts.resultDir) {
      file = join(opts.resultDir, resultFileName(opts.isl, opts.osl, c, pointRateText));
      await writeOutputFile(file, JSON.stringify(result));
    }
    const run: SaRun = { concurrency: c, numPrompts: records.length, duration, metrics, client, validity, result, ...(file ? { file } : {}), ...(goodput === undefined ? {} : { goodput }), ...(repeats > 1 ? { repeats: perRepeat } : {}) };
    runs.push(run);
    hooks.onRun?.(run);
    log(`Completed benchmark with concurrency: ${c}`);
    if (client.overloaded) log(`WARNING: load generator overloaded at concurrency ${c}: ${client.reasons.join('; ')}`);
    for (const w of client.warnings) log(`Note: ${w}`);
    return run;
  };

  if (opts.search !== undefined) {
    const slo = opts.slo;
    if (slo === undefined) throw new SrtError('SRT_USAGE', 'An SLO search needs the SLO: give --slo (benchmark.slo) with --search');
    const search = opts.search;
    const maxProbes = opts.maxProbes ?? 8;
    const top = Math.max(...concurrencies);
    const start = search === 'concurrency' ? (concurrencies[0] ?? 1) : Number.isFinite(rate) ? rate : 1;
    const max = opts.searchMax ?? (search === 'concurrency' ? 16384 : 10000);
    log(`SLO search over ${search}: ${describeSlo(slo)}; start ${start}, at most ${max}, at most ${maxProbes} probes`);
    let n = 0;
    const outcome = await searchSlo({
      search, start, max, maxProbes,
      probe: async (load) => {
        n += 1;
        const where = { point: n, points: maxProbes };
        const run = search === 'concurrency'
          ? await measurePoint(load, rate, rateText, where)
          : await measurePoint(top, load, String(Number(load.toPrecision(6))), where, opts.numPrompts ?? Math.max(20, Math.round(load * 10)));
        const verdict = checkSlo(run.metrics, slo);
        const probe = { load, pass: verdict.pass && run.validity.valid, goodput: run.goodput ?? 0, violations: run.validity.valid ? verdict.violations : [...verdict.violations, run.validity.reason] };
        log(`SLO probe ${n}: ${search} ${Number(load.toPrecision(6))} ${probe.pass ? 'meets' : 'misses'} the SLO (goodput ${probe.goodput.toFixed(2)} req/s${probe.pass ? '' : `; ${probe.violations.join('; ')}`})`);
        return probe;
      },
    });
    const answerText = outcome.answer
      ? `largest ${search} meeting the SLO: ${Number(outcome.answer.load.toPrecision(6))} (goodput ${outcome.answer.goodput.toFixed(2)} req/s)`
      : `no probed ${search} met the SLO (lowest tried: ${Number(Math.min(...outcome.probes.map((p) => p.load)).toPrecision(6))})`;
    log(`SLO search done after ${outcome.probes.length} probes (${outcome.ended}): ${answerText}`);
    if (opts.resultDir) {
      const doc = { slo, search, max_probes: maxProbes, search_max: max, ended: outcome.ended, answer: outcome.answer ?? null, probes: outcome.probes };
      await writeOutputFile(join(opts.resultDir, 'slo-search.json'), `${JSON.stringify(doc, null, 2)}\n`);
    }
    // Probes past the SLO may fail requests: that is what the search looks for, not a failed benchmark.
    return finish(undefined, { search: outcome, probedConcurrencies: runs.map((r) => r.concurrency) });
  }

  for (const [index, c] of concurrencies.entries()) {
    const run = await measurePoint(c, rate, rateText, { point: index + 1, points: concurrencies.length });
    if (!run.validity.valid) return finish();
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


function parseTarget(url: string, chat: boolean): { host: string; port: number; path: string } {
  let u: URL;
  try {
    // `localhost:8000` has no scheme (URL would read `localhost:` as one): plain http is meant.
    u = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(url) ? url : `http://${url}`);
  } catch {
    throw new SrtError('SRT_USAGE', `Invalid --url "${url}": use a base URL like http://127.0.0.1:8000`);
  }
  if (u.protocol !== 'http:') throw new SrtError('SRT_USAGE', `Unsupported URL scheme in "${url}": sa-bench speaks plain http:// (put TLS in a proxy)`);
  const base = u.pathname.replace(/\/+$/, '');
  const endpoint = chat ? '/v1/chat/completions' : '/v1/completions';
  const path = /completions$/.test(base) ? base : `${base.replace(/\/v1$/, '')}${endpoint}`;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : 80, path };
}

/** Mean and 95 % confidence interval of the headline metrics over the repeats of one point. */
function repeatStats(perRepeat: readonly SaMetrics[]): Readonly<Record<string, unknown>> {
  const of = (get: (m: SaMetrics) => number): { readonly mean: number; readonly ci95: number } => meanCi95(perRepeat.map(get));
  return {
    n: perRepeat.length,
    output_throughput: of((m) => m.outputThroughput),
    request_throughput: of((m) => m.requestThroughput),
    median_ttft_ms: of((m) => m.ttftMs.median),
    p99_ttft_ms: of((m) => m.ttftMs.p99),
    median_itl_ms: of((m) => m.itlMs.median),
    p99_itl_ms: of((m) => m.itlMs.p99),
  };
}
