import { readFileSync } from 'node:fs';
import type { MockFaults, MockFrontendTargets, MockProcessLink } from './mock-options.ts';
import { UpstreamPool } from './upstream.ts';
import { pollWorkerHealth, type PolledWorker } from './worker-health.ts';
import { createWorkerStats, type WorkerStats } from './worker-metrics.ts';

/** The variable that makes a forked `srtctl mock …` one process of a `--processes N` server. */
export const MOCK_PROCESS_ENV = 'SRT_MOCK_PROCESS';

/** What the primary tells each process (JSON in `SRT_MOCK_PROCESS`). */
export interface MockProcessSpec {
  readonly index: number;
  readonly count: number;
  /** When the primary started (epoch ms): every process reports healthy at the same moment. */
  readonly startedAt: number;
  /** Report each completed request (the primary counts `crash_after_requests`). */
  readonly countCompleted: boolean;
}

/** Messages between the primary and its processes (all carry `srtMock`). */
type Message =
  | { readonly srtMock: 'completed' }
  | { readonly srtMock: 'totals?'; readonly id: number }
  | { readonly srtMock: 'totals'; readonly id: number; readonly stats: WorkerStats }
  | { readonly srtMock: 'collect'; readonly id: number }
  | { readonly srtMock: 'stats'; readonly id: number; readonly stats: WorkerStats }
  | { readonly srtMock: 'health'; readonly healthy: readonly boolean[] };

const isMessage = (m: unknown): m is Message => typeof m === 'object' && m !== null && typeof (m as { srtMock?: unknown }).srtMock === 'string';

/**
 * This process's place in a `--processes N` mock server, from `SRT_MOCK_PROCESS` (undefined when
 * it is not one of them).
 *
 * @example mockProcessSpec({ SRT_MOCK_PROCESS: '{"index":1,"count":2,"startedAt":0,"countCompleted":false}' })?.index // → 1
 */
export function mockProcessSpec(env: Readonly<Record<string, string | undefined>>): MockProcessSpec | undefined {
  const raw = env[MOCK_PROCESS_ENV];
  if (raw === undefined || raw === '') return undefined;
  const spec = JSON.parse(raw) as MockProcessSpec;
  if (!Number.isInteger(spec.index) || !Number.isInteger(spec.count) || typeof spec.startedAt !== 'number') throw new Error(`${MOCK_PROCESS_ENV} is malformed: ${raw}`);
  return spec;
}

/**
 * `--processes N|auto`: a whole number from 1 to 1024, or `auto` (one per core).
 *
 * @example parseProcessCount('auto', 8) // → 8
 */
export function parseProcessCount(value: string | undefined, cores: number): number | string {
  if (value === undefined) return 1;
  if (value === 'auto') return Math.max(1, cores);
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 1024 ? n : `--processes must be a whole number from 1 to 1024 or auto, got ${JSON.stringify(value)}`;
}

/** Sums the counters of several processes (maxima stay maxima). */
function sumStats(all: readonly WorkerStats[]): WorkerStats {
  const total = createWorkerStats();
  for (const s of all) {
    for (const key of Object.keys(total) as (keyof WorkerStats)[]) {
      total[key] = key === 'latenessMaxMs' ? Math.max(total[key], s[key]) : total[key] + s[key];
    }
  }
  return total;
}

/**
 * The link of one process of a `--processes N` server (run in that process): talks to the
 * primary over the IPC channel of `process`.
 *
 * @example const link = childLink(spec, process); await startMockWorker({ ...opts, link });
 */
export function childLink(spec: MockProcessSpec, proc: Pick<NodeJS.Process, 'on' | 'send'>): MockProcessLink {
  let own: WorkerStats | undefined;
  let health: readonly boolean[] | undefined;
  let receiveHealth: ((healthy: readonly boolean[]) => void) | undefined;
  let nextId = 0;
  const waiting = new Map<number, (stats: WorkerStats) => void>();
  const send = (m: Message): void => void proc.send?.(m);
  proc.on('message', (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.srtMock === 'collect') send({ srtMock: 'stats', id: m.id, stats: own ?? createWorkerStats() });
    else if (m.srtMock === 'totals') {
      waiting.get(m.id)?.(m.stats);
      waiting.delete(m.id);
    } else if (m.srtMock === 'health') {
      health = m.healthy;
      receiveHealth?.(health);
    }
  });
  return {
    index: spec.index,
    count: spec.count,
    ...(spec.countCompleted ? { completed: () => send({ srtMock: 'completed' }) } : {}),
    shareStats: (stats) => {
      own = stats;
      return () => new Promise((resolve) => {
        const id = nextId++;
        // The primary answers within its collection timeout; should it be gone, this process's own counters.
        const timer = setTimeout(() => (waiting.delete(id), resolve(stats)), 3000);
        waiting.set(id, (all) => (clearTimeout(timer), resolve(all)));
        send({ srtMock: 'totals?', id });
      });
    },
    workerHealth(receive) {
      receiveHealth = receive;
      if (health !== undefined) receive(health);
    },
  };
}

/** One forked process as the primary sees it (a `node:cluster` worker). */
export interface MockChild {
  readonly process: { readonly pid?: number | undefined; kill(signal?: NodeJS.Signals): boolean };
  send(message: unknown): boolean;
  on(event: 'message', fn: (m: unknown) => void): this;
  on(event: 'listening', fn: () => void): this;
  on(event: 'exit', fn: (code: number | null, signal: string | null) => void): this;
}

/** How the primary runs. */
export interface MockPrimaryOptions {
  /** Number of processes. */
  readonly count: number;
  /** `mock agg worker 0` or `mock frontend`: starts every log line. */
  readonly name: string;
  /** The faults the primary enforces over all processes (crash after N requests or S seconds). */
  readonly faults: MockFaults;
  /** Frontend: the workers whose health the primary polls (once) for all its processes. */
  readonly frontend?: { readonly targets: MockFrontendTargets; readonly pollIntervalMs: number };
  /** Forks process `index` with `SRT_MOCK_PROCESS=spec` (the CLI forks itself with `node:cluster`). */
  readonly fork: (spec: MockProcessSpec) => MockChild;
  /** Resolves (with the reason) when the server should stop. */
  readonly stop: Promise<string>;
  readonly log: (line: string) => void;
  /** How long processes get to stop after SIGTERM before SIGKILL (default 5 s). */
  readonly graceMs?: number;
}

/**
 * The primary of a `--processes N` mock server: forks N processes that serve one port (each
 * paces its own streams), waits until all listen, and makes them answer like one server: one
 * health poll of the workers (frontend), `/metrics` summed over all processes (worker), crash
 * faults counted over all requests. Stops them all (SIGTERM, then SIGKILL after the grace) on
 * stop, on a crash fault, or when one of them ends; returns the exit code of the server.
 *
 * @example
 * const code = await runMockPrimary({ count: 2, name: 'mock agg worker 0', faults: {}, fork, stop, log });
 */
export async function runMockPrimary(o: MockPrimaryOptions): Promise<number> {
  const startedAt = Date.now();
  const countCompleted = o.faults.crashAfterRequests !== undefined;
  const children = Array.from({ length: o.count }, (_, index) => o.fork({ index, count: o.count, startedAt, countCompleted }));
  const exited = new Set<number>();
  let finish: (outcome: { code: number; reason: string; quiet?: boolean }) => void = () => {};
  const outcome = new Promise<{ code: number; reason: string; quiet?: boolean }>((resolve) => (finish = resolve));
  let listening = 0;
  let allListening: () => void = () => {};
  const ready = new Promise<void>((resolve) => (allListening = resolve));
  let stopping = false;

  // Frontend: one poll for everyone; every process gets each change, a new one the current state.
  const polled: PolledWorker[] | undefined = o.frontend && [
    ...o.frontend.targets.prefill.map((p, i) => ({ role: 'prefill' as const, index: i, url: p.url.replace(/\/+$/, ''), pool: new UpstreamPool(p.url), healthy: false })),
    ...o.frontend.targets.decode.map((u, i) => ({ role: 'decode' as const, index: i, url: u.replace(/\/+$/, ''), pool: new UpstreamPool(u), healthy: false })),
    ...o.frontend.targets.agg.map((u, i) => ({ role: 'agg' as const, index: i, url: u.replace(/\/+$/, ''), pool: new UpstreamPool(u), healthy: false })),
  ];
  const healthMessage = (): Message => ({ srtMock: 'health', healthy: (polled ?? []).map((w) => w.healthy) });
  const broadcast = (m: Message): void => children.forEach((c, k) => exited.has(k) || c.send(m));

  let completed = 0;
  let nextCollect = 0;
  const collecting = new Map<number, { readonly got: WorkerStats[]; want: number; readonly done: () => void }>();
  const totals = (asker: MockChild, id: number): void => {
    const cid = nextCollect++;
    const got: WorkerStats[] = [];
    const timer = setTimeout(() => done(), 2000);
    const done = (): void => {
      clearTimeout(timer);
      if (!collecting.delete(cid)) return;
      asker.send({ srtMock: 'totals', id, stats: sumStats(got) } satisfies Message);
    };
    collecting.set(cid, { got, want: children.length - exited.size, done });
    broadcast({ srtMock: 'collect', id: cid });
  };

  children.forEach((child, k) => {
    child.on('message', (m) => {
      if (!isMessage(m)) return;
      if (m.srtMock === 'completed' && ++completed === o.faults.crashAfterRequests) finish({ code: o.faults.crashExitCode ?? 3, reason: `fault: crash after ${completed} requests` });
      else if (m.srtMock === 'totals?') totals(child, m.id);
      else if (m.srtMock === 'stats') {
        const c = collecting.get(m.id);
        if (c === undefined) return;
        c.got.push(m.stats);
        if (c.got.length >= c.want) c.done();
      }
    });
    child.on('listening', () => {
      if (polled !== undefined) child.send(healthMessage());
      if (++listening === o.count) allListening();
    });
    child.on('exit', (code, signal) => {
      exited.add(k);
      for (const c of collecting.values()) if (c.got.length >= --c.want) c.done();
      if (stopping) return;
      // Exit 0 means it was told to stop (a signal to the whole group, Ctrl-C): the others stop too.
      if (code === 0) finish({ code: 0, reason: `process ${k + 1} (pid ${child.process.pid ?? '?'}) stopped` });
      else finish({ code: code ?? 1, reason: `process ${k + 1} (pid ${child.process.pid ?? '?'}) exited (${signal ?? `code ${code}`})`, quiet: listening < o.count });
    });
  });

  const stopped = o.stop.then((why) => finish({ code: 0, reason: why }));
  void stopped;
  const poller = polled === undefined ? undefined : pollWorkerHealth(polled, { pollMs: o.frontend!.pollIntervalMs, log: o.log, onChange: () => broadcast(healthMessage()) });
  const timers: NodeJS.Timeout[] = [];
  void ready.then(() => {
    o.log(`${o.name}: ${o.count} processes serving one port (pids ${children.map((c) => c.process.pid ?? '?').join(', ')})`);
    const crashMs = o.faults.crashAfterMs;
    if (crashMs !== undefined) timers.push(setTimeout(() => finish({ code: o.faults.crashExitCode ?? 3, reason: `fault: crash after ${crashMs / 1000} s` }), crashMs));
  });

  const end = await outcome;
  stopping = true;
  timers.forEach(clearTimeout);
  poller?.stop();
  polled?.forEach((w) => w.pool.close());
  // A crash fault kills at once (like a crashing engine); a stop lets every process close cleanly.
  await stopAll(children, exited, end.code === 0 ? 'SIGTERM' : 'SIGKILL', o.graceMs ?? 5000);
  if (end.code === 0) o.log(`stopping: ${end.reason}`);
  else o.log(`${o.name}: ${end.reason}; ${end.quiet === true ? 'could not start' : `exiting with code ${end.code}`}`);
  return end.code;
}

async function stopAll(children: readonly MockChild[], exited: Set<number>, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  const gone = children.map(
    (c, k) =>
      new Promise<void>((resolve) => {
        if (exited.has(k)) return resolve();
        c.on('exit', () => resolve());
        c.process.kill(signal);
      }),
  );
  const all = Promise.all(gone);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  if ((await Promise.race([all, late])) === 'late') {
    children.forEach((c, k) => exited.has(k) || c.process.kill('SIGKILL'));
    await all;
  }
  clearTimeout(timer);
}

/**
 * This process's group id when it leads its group (then a guard may stop the whole group if it
 * dies); undefined otherwise or off Linux.
 *
 * @example const pgid = ownGroupIfLeader(); if (pgid !== undefined) guardGroup(pgid);
 */
export function ownGroupIfLeader(read: (path: string) => string = (p) => readFileSync(p, 'utf8')): number | undefined {
  try {
    const pgrp = Number(read('/proc/self/stat').split(') ')[1]?.split(' ')[2]);
    return pgrp === process.pid ? pgrp : undefined;
  } catch {
    return undefined;
  }
}
