import type { ChildProcess } from 'node:child_process';
import { SrtError } from '@srt/core';
import type { PhaseChildInit, PhaseChildMessage } from './phase-child.ts';
import type { PhaseCounters, PhaseOptions, PhaseResult } from './run-phase.ts';
import type { TimestampMode } from './select-transport.ts';
import { mergeSliceResults, planLoadSlices, type LoadSlice, type SliceResult } from './split-load.ts';

/** Forks one client process running `runPhaseChild` with an IPC channel (`serialization: 'advanced'`). */
export type ForkClient = () => ChildProcess;

/** `runPhase`'s load, spread over `processes` forked clients that each open their own connections. */
export interface MultiPhaseOptions extends Pick<PhaseOptions, 'payloads' | 'concurrency' | 'rate' | 'seed' | 'counters' | 'signal'> {
  readonly fork: ForkClient;
  readonly processes: number;
  readonly host: string;
  readonly port: number;
  readonly timestamps: TimestampMode;
}

interface Child {
  readonly slice: LoadSlice;
  readonly proc: ChildProcess;
  readonly counters: PhaseCounters;
  readonly ready: Promise<void>;
  readonly done: Promise<SliceResult>;
}

/**
 * Runs one phase split over client processes: each gets its slice of streams, prompts and rate;
 * all are started and ready (transport open) before a barrier `go` message starts them together;
 * their raw records are merged as one single-process run (same prompt order, duration from the
 * earliest start to the latest end). A client process that fails or exits early fails the phase.
 *
 * @example const phase = await runPhaseMulti({ fork, processes: 2, host, port, timestamps: 'kernel', payloads, concurrency: 64, rate: Infinity, seed: 1, counters });
 */
export async function runPhaseMulti(opts: MultiPhaseOptions): Promise<PhaseResult> {
  const slices = planLoadSlices(opts.concurrency, opts.payloads.length, opts.rate, opts.processes);
  const children = slices.map((slice, k) => startChild(opts, slice, opts.seed + k * 104729));
  const sum = (): void => {
    opts.counters.completed = children.reduce((a, c) => a + c.counters.completed, 0);
    opts.counters.failed = children.reduce((a, c) => a + c.counters.failed, 0);
    opts.counters.outputTokens = children.reduce((a, c) => a + c.counters.outputTokens, 0);
  };
  for (const c of children) c.proc.on('message', sum);
  const onAbort = (): void => {
    for (const c of children) if (c.proc.connected) c.proc.send({ type: 'abort' });
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.proc.send({ type: 'go' }); // the barrier: everyone is connected-ready
    const results = await Promise.all(children.map((c) => c.done));
    sum();
    return mergeSliceResults(results, opts.payloads.length);
  } catch (e) {
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill();
    throw e;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

function startChild(opts: MultiPhaseOptions, slice: LoadSlice, seed: number): Child {
  const proc = opts.fork();
  const counters: PhaseCounters = { completed: 0, failed: 0, outputTokens: 0 };
  let markReady: () => void = () => {};
  let result: SliceResult | undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  const done = new Promise<SliceResult>((resolve, reject) => {
    const failed = (why: string): SrtError =>
      new SrtError('SRT_BENCHMARK_FAILED', `sa-bench client process ${proc.pid ?? '?'} (streams ${slice.concurrency}, prompts ${slice.start}..${slice.end - 1}) ${why}`, {
        details: ['rerun with --client-processes 1 to measure in one process'],
      });
    proc.on('message', (raw: unknown) => {
      const m = raw as PhaseChildMessage;
      if (m.type === 'ready') markReady();
      else if (m.type === 'progress') Object.assign(counters, { completed: m.completed, failed: m.failed, outputTokens: m.outputTokens });
      else if (m.type === 'done') result = { slice, records: m.records, startedAtMs: m.startedAtMs, endedAtMs: m.endedAtMs, gaps: m.gaps };
      else if (m.type === 'error') reject(failed(`failed: ${m.message}`));
    });
    proc.on('error', (e) => reject(failed(`could not start: ${e.message}`)));
    proc.on('exit', (code, signal) => (result ? resolve(result) : reject(failed(`exited (${signal ?? `code ${code}`}) before sending its results`))));
  });
  void done.catch(() => {}); // awaited by runPhaseMulti; never an unhandled rejection after a failed barrier
  // a child that dies before `ready` fails the barrier too
  const readyOrDead = Promise.race([ready, done.then(() => undefined)]);
  const init: PhaseChildInit = {
    type: 'init', host: opts.host, port: opts.port, timestamps: opts.timestamps, slice, seed,
    payloads: opts.payloads.slice(slice.start, slice.end),
  };
  proc.send(init);
  return { slice, proc, counters, ready: readyOrDead, done };
}
