import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { didYouMean, parseYaml, WORKER_MODES, type WorkerMode } from '@srt/core';
import { availableParallelism } from 'node:os';
import { startMockFrontend } from './mock-frontend.ts';
import { MOCK_FRONTEND_FORMATS, type MockFaults, type MockFrontendFormat, type MockFrontendTargets, type MockProcessLink, type MockServerHandle } from './mock-options.ts';
import { childLink, MOCK_PROCESS_ENV, mockProcessSpec, ownGroupIfLeader, parseProcessCount, runMockPrimary, type MockChild, type MockProcessSpec } from './mock-processes.ts';
import { findHfSnapshot, hfHubCacheDir } from './hf-cache.ts';
import { startMockWorker } from './mock-worker.ts';

/** Where the CLI writes. */
export interface MockCliIo {
  readonly stdout: { write(text: string): void };
  readonly stderr: { write(text: string): void };
  /** Stops the server (exit 0). Without one, SIGTERM and SIGINT do. */
  readonly signal?: AbortSignal;
  /**
   * With `--processes N`: makes this process's group die with it (the CLI's `guardGroup`), so a
   * primary killed with SIGKILL leaves no process behind. Used when this process leads its group.
   */
  readonly guardGroup?: (pgid: number) => () => void;
  /** The process environment (MPI rank, Hugging Face cache); default `process.env`. */
  readonly vars?: Readonly<Record<string, string | undefined>>;
}

const USAGE = `usage: srtctl mock worker --mode prefill|decode|agg --index N --host ADDR --port PORT --model NAME
         [--hf-model ORG/NAME (exit 1 unless it is in the Hugging Face cache)] [--node-rank R] [--startup-delay-s S] [--ttft-ms MS] [--itl-ms MS] [--tokens-per-chunk K] [--output-tokens N]
         [--processes N|auto] [faults]
       srtctl mock frontend --format dynamo|sglang-router|trtllm-serve --host ADDR --port PORT [--poll-interval-ms MS]
         [--engine sglang|vllm|trtllm] [--ser-config ser.yaml (trtllm-serve: the workers come from it)]
         [--prefill URL[,BOOTSTRAP_PORT]]... [--decode URL]... [--agg URL]... [--processes N|auto] [faults]
--processes N|auto: N processes (auto: one per core) serve the port, each pacing its own streams;
they answer health, readiness and /metrics as one server.
faults: [--crash-after-requests N] [--crash-after-s S] [--crash-exit-code C] [--never-healthy]
        [--error-rate R] [--error-status S] [--zero-tokens (workers)] [--freeze-after-requests N (workers: SIGSTOP)]
A worker with --port 0 is a non-leader rank: it serves nothing and stays up until stopped (a
--crash-after-s fault still fires). Under an MPI-style launch (srun --ntasks N) only task 0
(SLURM_PROCID, else PMIX_RANK, else OMPI_COMM_WORLD_RANK) serves; the other tasks idle.`;

const FAULT_OPTIONS = {
  'crash-after-requests': { type: 'string' },
  'crash-after-s': { type: 'string' },
  'crash-exit-code': { type: 'string' },
  'never-healthy': { type: 'boolean' },
  'error-rate': { type: 'string' },
  'error-status': { type: 'string' },
} as const;

class UsageError extends Error {}
/** The worker's `--hf-model` is not in the Hugging Face cache (a worker started with HF_HUB_OFFLINE=1 fails the same way). */
class ModelMissingError extends Error {}

function number(values: Readonly<Record<string, unknown>>, flag: string, o: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const min = o.min ?? 0;
  if (raw === '' || !Number.isFinite(n) || n < min || (o.max !== undefined && n > o.max) || (o.integer === true && !Number.isInteger(n))) {
    throw new UsageError(`--${flag} must be ${o.integer === true ? 'a whole number' : 'a number'} >= ${min}${o.max === undefined ? '' : ` and <= ${o.max}`}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

function faultsFrom(values: Readonly<Record<string, unknown>>): MockFaults {
  const crashAfterS = number(values, 'crash-after-s');
  const faults: { -readonly [K in keyof MockFaults]: MockFaults[K] } = {};
  const set = <K extends keyof MockFaults>(k: K, val: MockFaults[K] | undefined): void => {
    if (val !== undefined) faults[k] = val;
  };
  set('crashAfterRequests', number(values, 'crash-after-requests', { min: 1, integer: true }));
  set('crashAfterMs', crashAfterS === undefined ? undefined : crashAfterS * 1000);
  set('crashExitCode', number(values, 'crash-exit-code', { min: 1, max: 255, integer: true }));
  set('neverHealthy', values['never-healthy'] === true ? true : undefined);
  set('errorRate', number(values, 'error-rate', { max: 1 }));
  set('errorStatus', number(values, 'error-status', { min: 400, max: 599, integer: true }));
  set('zeroTokens', values['zero-tokens'] === true ? true : undefined);
  set('freezeAfterRequests', number(values, 'freeze-after-requests', { min: 1, integer: true }));
  return faults;
}

function required(values: Readonly<Record<string, unknown>>, flag: string): string {
  const raw = values[flag];
  if (typeof raw !== 'string' || raw === '') throw new UsageError(`--${flag} is required`);
  return raw;
}

type Idle = 'idle' | { readonly idleCrash: { readonly afterMs: number; readonly code: number } };
/** In one process of a `--processes N` server: its link, the faults it applies itself, the primary's start. */
interface ChildContext {
  readonly link: MockProcessLink;
  readonly faults: MockFaults;
  readonly startedAt: number;
}
type Starter = (log: (line: string) => void, child?: ChildContext) => Promise<MockServerHandle | Idle>;

/** A parsed `srtctl mock worker|frontend`: how to start it, and what its primary needs with `--processes`. */
interface MockServerPlan {
  readonly start: Starter;
  readonly processes: number;
  /** False for a worker rank that serves nothing (it never forks). */
  readonly serves: boolean;
  readonly name: string;
  readonly faults: MockFaults;
  readonly frontend?: { readonly targets: MockFrontendTargets; readonly pollIntervalMs: number };
}

function processesOf(values: Readonly<Record<string, unknown>>): number {
  const n = parseProcessCount(values['processes'] as string | undefined, availableParallelism());
  if (typeof n === 'string') throw new UsageError(n);
  return n;
}

/**
 * This task's rank under an MPI-style launch (engines.md §10.4): SLURM_PROCID, else PMIX_RANK, else OMPI_COMM_WORLD_RANK, else 0.
 *
 * @example mpiRank({ PMIX_RANK: '3' }) // → 3
 */
export function mpiRank(vars: Readonly<Record<string, string | undefined>>): number {
  for (const name of ['SLURM_PROCID', 'PMIX_RANK', 'OMPI_COMM_WORLD_RANK']) {
    const n = Number.parseInt(vars[name] ?? '', 10);
    if (Number.isInteger(n) && n >= 0) return n;
  }
  return 0;
}

function workerPlan(args: readonly string[], vars: Readonly<Record<string, string | undefined>>): MockServerPlan {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      mode: { type: 'string' }, index: { type: 'string' }, 'node-rank': { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, model: { type: 'string' }, 'hf-model': { type: 'string' },
      'startup-delay-s': { type: 'string' }, 'ttft-ms': { type: 'string' }, 'itl-ms': { type: 'string' }, 'tokens-per-chunk': { type: 'string' }, 'output-tokens': { type: 'string' },
      processes: { type: 'string' }, ...FAULT_OPTIONS, 'zero-tokens': { type: 'boolean' }, 'freeze-after-requests': { type: 'string' },
    },
  });
  const mode = required(values, 'mode');
  if (!(WORKER_MODES as readonly string[]).includes(mode)) throw new UsageError(`--mode must be one of ${WORKER_MODES.join(', ')}, got ${JSON.stringify(mode)}`);
  const index = number(values, 'index', { integer: true }) ?? 0;
  const port = number(values, 'port', { max: 65535, integer: true });
  if (port === undefined) throw new UsageError('--port is required (0 for a non-leader rank)');
  const host = required(values, 'host');
  const model = required(values, 'model');
  const opt = (flag: string, o: { min?: number; integer?: boolean } = {}): number | undefined => number(values, flag, o);
  const delayS = opt('startup-delay-s');
  const config = {
    mode: mode as WorkerMode, index, host, port, model,
    ...(delayS === undefined ? {} : { startupDelayMs: delayS * 1000 }),
    ...defined({ ttftMs: opt('ttft-ms'), itlMs: opt('itl-ms'), tokensPerChunk: opt('tokens-per-chunk', { min: 1, integer: true }), outputTokens: opt('output-tokens', { integer: true }) }),
    faults: faultsFrom(values),
  };
  const task = mpiRank(vars);
  const processes = processesOf(values);
  const hfModel = values['hf-model'];
  const start: Starter = async (log, child) => {
    // Every rank loads the weights, as an engine does: from the cache only (engines.md §7).
    if (hfModel !== undefined) {
      const cache = hfHubCacheDir(vars);
      const snapshot = findHfSnapshot(cache, hfModel);
      if (snapshot === undefined) throw new ModelMissingError(`model ${hfModel} is not in the Hugging Face cache ${cache} (no models--${hfModel.split('/').join('--')}/snapshots/<rev>/config.json); a mock worker never downloads (HF_HUB_OFFLINE=1)`);
      log(`mock ${mode} worker ${index}: loading ${hfModel} from ${snapshot}`);
    }
    if (port === 0 || task > 0) {
      const who = port === 0 ? `rank ${String(values['node-rank'] ?? '?')}` : `MPI task ${task}`;
      log(`mock ${mode} worker ${index} ${who}: non-leader rank, serving nothing until stopped`);
      const crashMs = config.faults.crashAfterMs;
      if (crashMs !== undefined) return { idleCrash: { afterMs: crashMs, code: config.faults.crashExitCode ?? 3 } };
      return 'idle';
    }
    if (child === undefined) return startMockWorker({ ...config, log });
    // Every process turns healthy at the same moment: the primary's start plus the delay.
    const startupDelayMs = Math.max(0, child.startedAt + (config.startupDelayMs ?? 0) - Date.now());
    return startMockWorker({ ...config, startupDelayMs, faults: child.faults, link: child.link, log });
  };
  return { start, processes, serves: port !== 0 && task === 0, name: `mock ${mode} worker ${index}`, faults: config.faults };
}

function frontendPlan(args: readonly string[]): MockServerPlan {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      format: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, 'poll-interval-ms': { type: 'string' },
      engine: { type: 'string' }, 'ser-config': { type: 'string' },
      prefill: { type: 'string', multiple: true }, decode: { type: 'string', multiple: true }, agg: { type: 'string', multiple: true },
      processes: { type: 'string' }, ...FAULT_OPTIONS,
    },
  });
  const format = required(values, 'format');
  if (!(MOCK_FRONTEND_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${MOCK_FRONTEND_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  const port = number(values, 'port', { max: 65535, integer: true });
  if (port === undefined) throw new UsageError('--port is required');
  const prefill = (values.prefill ?? []).map((p) => {
    const [url = '', bootstrap] = p.split(',');
    checkUrl(url, '--prefill');
    const bp = bootstrap === undefined ? undefined : Number(bootstrap);
    if (bp !== undefined && !(Number.isInteger(bp) && bp > 0 && bp < 65536)) throw new UsageError(`--prefill ${p}: the bootstrap port after the comma must be a port number`);
    return { url, bootstrapPort: bp };
  });
  const ser = values['ser-config'] === undefined ? undefined : serConfigTargets(values['ser-config']);
  if (ser !== undefined) prefill.push(...ser.prefill.map((url) => ({ url: checkUrl(url, '--ser-config context_servers.urls'), bootstrapPort: undefined })));
  const decode = [...(values.decode ?? []), ...(ser?.decode ?? [])].map((u) => checkUrl(u, '--decode'));
  const engine = values.engine ?? 'sglang';
  if (!['sglang', 'vllm', 'trtllm'].includes(engine)) throw new UsageError(`--engine must be sglang, vllm or trtllm, got ${JSON.stringify(engine)}`);
  const agg = (values.agg ?? []).map((u) => checkUrl(u, '--agg'));
  if (decode.length + agg.length === 0) throw new UsageError('give at least one --decode or --agg worker URL');
  const pollIntervalMs = number(values, 'poll-interval-ms', { min: 1 });
  const faults = faultsFrom(values);
  const host = required(values, 'host');
  const processes = processesOf(values);
  const base = { format: format as MockFrontendFormat, engine: engine as 'sglang' | 'vllm' | 'trtllm', host, port, prefill, decode, agg, ...defined({ pollIntervalMs }) };
  return {
    start: (log, child) => startMockFrontend({ ...base, log, ...(child === undefined ? { faults } : { faults: child.faults, link: child.link }) }),
    processes,
    serves: true,
    name: `mock frontend (${format})`,
    faults,
    frontend: { targets: { prefill, decode, agg }, pollIntervalMs: pollIntervalMs ?? 1000 },
  };
}

/** Worker URLs of a trtllm-serve `ser.yaml` (no scheme there: `http://` is added). Reading it proves it is well-formed. */
function serConfigTargets(path: string): { readonly prefill: string[]; readonly decode: string[] } {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--ser-config ${path}: ${(e as Error).message}`);
  }
  const urls = (key: string): string[] => {
    const list = (doc as Record<string, { urls?: unknown } | undefined> | null)?.[key]?.urls;
    if (!Array.isArray(list) || list.some((u) => typeof u !== 'string')) throw new UsageError(`--ser-config ${path}: ${key}.urls must be a list of host:port`);
    return (list as string[]).map((u) => `http://${u}`);
  };
  return { prefill: urls('context_servers'), decode: urls('generation_servers') };
}

function checkUrl(url: string, flag: string): string {
  if (!/^https?:\/\/[^/\s]+\/?$/.test(url)) throw new UsageError(`${flag} ${JSON.stringify(url)}: expected a worker URL like http://10.0.0.1:30000`);
  return url;
}

function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

const ALL_FLAGS = [...USAGE.matchAll(/--([a-z-]+)/g)].map((m) => m[1]!);

/** A usage problem in one line; an unknown flag gets the closest known one. */
function usageMessage(e: NodeJS.ErrnoException): string {
  const unknown = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'--([^']+)'/.exec(e.message)?.[1] : undefined;
  if (unknown === undefined) return e.message;
  const best = didYouMean(unknown, ALL_FLAGS);
  return `unknown option --${unknown}${best === undefined ? '' : ` (did you mean --${best}?)`}`;
}

/** Resolves when `signal` aborts, or on SIGTERM/SIGINT when there is no signal. */
function stopRequested(signal: AbortSignal | undefined): Promise<string> {
  if (signal !== undefined) {
    return new Promise((resolve) => (signal.aborted ? resolve('stopped') : signal.addEventListener('abort', () => resolve('stopped'), { once: true })));
  }
  return new Promise((resolve) => {
    const on = (name: string) => (): void => {
      process.off('SIGTERM', term);
      process.off('SIGINT', int);
      resolve(`received ${name}`);
    };
    const term = on('SIGTERM');
    const int = on('SIGINT');
    process.once('SIGTERM', term);
    process.once('SIGINT', int);
  });
}

/**
 * `srtctl mock worker|frontend …`: starts one mock server, logs one line per event worth
 * seeing, and runs until stopped (exit 0) or until a crash fault fires (its exit code).
 * Usage errors print the usage and return 2; a port that cannot be bound returns 1.
 *
 * @example
 * process.exitCode = await runMockServerCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
 */
export async function runMockServerCli(argv: readonly string[], io: MockCliIo): Promise<number> {
  const log = (line: string): void => io.stdout.write(`${new Date().toISOString()} ${line}\n`);
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let plan: MockServerPlan;
  let spec: MockProcessSpec | undefined;
  try {
    spec = mockProcessSpec(process.env);
    const [kind, ...rest] = argv;
    if (kind === 'worker') plan = workerPlan(rest, io.vars ?? process.env);
    else if (kind === 'frontend') plan = frontendPlan(rest);
    else throw new UsageError(kind === undefined ? 'say which server to run: worker or frontend' : `unknown mock server ${JSON.stringify(kind)}: use worker or frontend`);
  } catch (e) {
    io.stderr.write(`srtctl mock: ${usageMessage(e as NodeJS.ErrnoException)}\n${USAGE}\n`);
    return 2;
  }
  const stop = stopRequested(io.signal);
  if (spec === undefined) return plan.processes > 1 && plan.serves ? runPrimary(plan, stop, io, log) : serve(plan, stop, io, log);
  // One of the primary's processes: its IPC channel would keep it alive after the server stopped.
  const code = await serve(plan, stop, io, (line) => log(`process ${spec.index + 1}/${spec.count}: ${line}`), childContext(spec, plan.faults));
  process.exit(code);
}

/** Runs one server (or an idle rank) until stopped or crashed; returns the exit code. */
async function serve(plan: MockServerPlan, stop: Promise<string>, io: MockCliIo, log: (line: string) => void, child?: ChildContext): Promise<number> {
  let handle: MockServerHandle | Idle;
  try {
    handle = await plan.start(log, child);
  } catch (e) {
    if (e instanceof ModelMissingError) {
      io.stderr.write(`srtctl mock: ${e.message}\n`);
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    io.stderr.write(`srtctl mock: cannot listen: ${err.message}${err.code === 'EADDRINUSE' ? ' (another process holds the port; stop it or pick another port)' : ''}\n`);
    return 1;
  }
  if (handle === 'idle') {
    log(`stopping: ${await stop}`);
    return 0;
  }
  if ('idleCrash' in handle) {
    const { afterMs, code } = handle.idleCrash;
    let timer: NodeJS.Timeout | undefined;
    const crashed = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(code), afterMs)));
    const outcome = await Promise.race([stop.then((why) => ({ why })), crashed.then((c) => ({ code: c }))]);
    clearTimeout(timer);
    if ('why' in outcome) {
      log(`stopping: ${outcome.why}`);
      return 0;
    }
    log(`fault: crash after ${afterMs / 1000} s; exiting with code ${outcome.code}`);
    return outcome.code;
  }
  const server = handle;
  const stopped = stop.then(async (why) => (await server.close(), { code: 0, reason: why }));
  const exit = await Promise.race([server.done.then((e) => (e.code === 0 ? stopped : e)), stopped]);
  log(exit.code === 0 ? `stopping: ${exit.reason}` : `exiting with code ${exit.code}: ${exit.reason}`);
  return exit.code;
}

/** One process of a `--processes N` server: the primary enforces the crash faults (over all processes). */
function childContext(spec: MockProcessSpec, faults: MockFaults): ChildContext {
  const { crashAfterRequests: _r, crashAfterMs: _s, crashExitCode: _c, ...own } = faults;
  return { link: childLink(spec, process), faults: own, startedAt: spec.startedAt };
}

/** The primary of `--processes N`: forks this same command N times with `node:cluster` (round-robin accept). */
async function runPrimary(plan: MockServerPlan, stop: Promise<string>, io: MockCliIo, log: (line: string) => void): Promise<number> {
  const cluster = (await import('node:cluster')).default;
  const pgid = ownGroupIfLeader();
  const release = pgid === undefined ? undefined : io.guardGroup?.(pgid);
  try {
    return await runMockPrimary({
      count: plan.processes,
      name: plan.name,
      faults: plan.faults,
      ...(plan.frontend === undefined ? {} : { frontend: plan.frontend }),
      fork: (spec) => cluster.fork({ [MOCK_PROCESS_ENV]: JSON.stringify(spec) }) as unknown as MockChild,
      stop,
      log,
    });
  } finally {
    release?.();
  }
}
