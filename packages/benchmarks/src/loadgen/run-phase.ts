import { performance } from 'node:perf_hooks';
import type { OpenIo } from './connection-io.ts';
import type { RequestRecord } from './metrics.ts';
import { createPrng } from './prng.ts';
import { StreamConnection, type StreamOutcome } from './stream-connection.ts';

/** Live counters of a phase, read by the progress timer. */
export interface PhaseCounters {
  completed: number;
  failed: number;
  outputTokens: number;
}

export interface PhaseOptions {
  /** Opens one connection to the server (`nodeNetIo(host, port)` or `kernelStampedIo(...)`). */
  readonly openIo: OpenIo;
  /** One pre-built HTTP request per prompt. */
  readonly payloads: readonly Buffer[];
  readonly concurrency: number;
  /** Requests per second; Infinity sends all at once (limited by `concurrency`). */
  readonly rate: number;
  readonly seed: number;
  readonly counters: PhaseCounters;
  readonly signal?: AbortSignal;
  /**
   * A request that hears nothing from the server for this long has stalled: the phase stops,
   * every request in flight fails, and the result names the stalled streams (default: no watchdog).
   */
  readonly stallMs?: number;
}

/** Why a phase stopped early: its streams that heard nothing for `stallMs`. */
export interface PhaseStall {
  readonly stallMs: number;
  /** Streams in flight when the watchdog fired. */
  readonly inflight: number;
  /** The stalled ones: request index, tokens received so far, and ms since the server last sent anything. */
  readonly streams: readonly { readonly request: number; readonly tokens: number; readonly silentMs: number }[];
}

export interface PhaseResult {
  readonly records: readonly RequestRecord[];
  /** Seconds from the first arrival to the last completion. */
  readonly duration: number;
  readonly gaps: { readonly total: number; readonly coalesced: number };
  /** Set when the stall watchdog stopped the phase. */
  readonly stall?: PhaseStall;
  /** Epoch ms of the first arrival and of the last completion (to merge client processes). */
  readonly startedAtMs?: number;
  readonly endedAtMs?: number;
}

/** Exponential inter-arrival offsets (ms) for `n` requests at `rate`/s, the first at 0. */
export function poissonArrivals(n: number, rate: number, seed: number): readonly number[] {
  const out: number[] = [];
  if (!Number.isFinite(rate)) return new Array<number>(n).fill(0);
  const prng = createPrng(seed ^ 0x5bd1e995);
  let t = 0;
  for (let i = 0; i < n; i++) {
    out.push(t);
    t += prng.exponential(rate) * 1000;
  }
  return out;
}

/** Requests dispatched between two turns of the event loop when they are all due at once. */
const BURST_SLICE = 128;

/**
 * Runs one load phase: requests arrive on their schedule, wait FIFO for one of
 * `concurrency` keep-alive connections, and stream to completion.
 */
export async function runPhase(opts: PhaseOptions): Promise<PhaseResult> {
  const n = opts.payloads.length;
  const arrivals = poissonArrivals(n, opts.rate, opts.seed);
  const outcomes: (StreamOutcome | undefined)[] = new Array<StreamOutcome | undefined>(n);
  const counters = opts.counters;
  const free: StreamConnection[] = [];
  const all: StreamConnection[] = [];
  for (let i = 0; i < opts.concurrency; i++) {
    const c = new StreamConnection(opts.openIo, counters);
    free.push(c);
    all.push(c);
  }
  const waiting: number[] = [];
  let waitHead = 0;
  let finished = 0;
  let inflight = 0;
  let lastEnd = 0;
  let resolveAll: () => void = () => {};
  const allDone = new Promise<void>((r) => {
    resolveAll = r;
  });
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const aborted = (): boolean => signal.aborted;
  const serving = new Map<StreamConnection, number>();
  let stall: PhaseStall | undefined;
  const watchdog = opts.stallMs === undefined ? undefined : setInterval(() => {
    const stallMs = opts.stallMs as number;
    const now = performance.now();
    const streams: { request: number; tokens: number; silentMs: number }[] = [];
    for (const [conn, request] of serving) {
      const p = conn.progress();
      if (p && now - p.lastActivity >= stallMs) streams.push({ request, tokens: p.tokens, silentMs: Math.round(now - p.lastActivity) });
    }
    if (streams.length === 0) return;
    stall = { stallMs, inflight: serving.size, streams };
    stop.abort();
  }, Math.max(10, Math.min(1000, opts.stallMs / 4)));
  const dispatch = (conn: StreamConnection, i: number): void => {
    inflight++;
    serving.set(conn, i);
    void conn.request(opts.payloads[i] as Buffer).then((o) => {
      inflight--;
      serving.delete(conn);
      outcomes[i] = o;
      lastEnd = performance.now();
      if (o.success) counters.completed++;
      else counters.failed++;
      finished++;
      if (!aborted() && waitHead < waiting.length) dispatch(conn, waiting[waitHead++] as number);
      else free.push(conn);
      if (finished === n || (aborted() && inflight === 0)) resolveAll();
    });
  };
  const onAbort = (): void => {
    const reason = stall ? `stalled: nothing from the server for ${(stall.stallMs / 1000).toFixed(1)} s` : 'aborted';
    for (const c of all) c.close(reason);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const start = performance.now();
  try {
    for (let i = 0; i < n; i++) {
      if (aborted()) break;
      const due = start + (arrivals[i] as number);
      const wait = due - performance.now();
      if (wait > 1) await sleepMs(wait, signal);
      // A burst (rate inf: every stream at once) yields now and then: opening 15,000 connections
      // takes seconds on a busy core, and the reader's batches must be taken meanwhile, or tokens
      // wait in the sockets and are stamped late, several per read.
      else if (i % BURST_SLICE === BURST_SLICE - 1) await new Promise<void>((r) => setImmediate(r));
      const conn = free.pop();
      if (conn) dispatch(conn, i);
      else waiting.push(i);
    }
    if (n > 0 && !(aborted() && inflight === 0)) await allDone;
  } finally {
    if (watchdog) clearInterval(watchdog);
    signal.removeEventListener('abort', onAbort);
    for (const c of all) c.close();
  }
  const result = summarizeOutcomes(outcomes, lastEnd > start ? (lastEnd - start) / 1000 : 0);
  const epoch = performance.timeOrigin;
  const timed = { ...result, startedAtMs: epoch + start, endedAtMs: epoch + Math.max(start, lastEnd) };
  return stall ? { ...timed, stall } : timed;
}

function summarizeOutcomes(outcomes: readonly (StreamOutcome | undefined)[], duration: number): PhaseResult {
  let total = 0;
  let coalesced = 0;
  const records = Array.from(outcomes, (o): RequestRecord => {
    if (!o) return { success: false, error: 'not sent (aborted)', ttft: 0, itl: [], latency: 0, outputTokens: 0, text: '' };
    total += o.itlMs.length;
    coalesced += o.coalescedChunks;
    const tokens = o.usageTokens ?? o.chunkTokens;
    return {
      success: o.success,
      error: o.error,
      ttft: o.success ? o.ttftMs / 1000 : 0,
      itl: o.success ? Array.from(o.itlMs, (x) => x / 1000) : [],
      latency: o.success ? o.latencyMs / 1000 : 0,
      outputTokens: o.success ? tokens : 0,
      text: o.text,
    };
  });
  return { records, duration, gaps: { total, coalesced } };
}

function sleepMs(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
