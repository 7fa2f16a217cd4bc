import { createProgressFileWriter, formatSaProgress, parseSlo, renderSaBenchSummary, runSaBench, type SaProgress, type TimestampMode } from '@srt/benchmarks';
import { readFileSync } from 'node:fs';
import { SrtError } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage, usageError } from '../args.ts';
import type { CommandContext, CommandHandler, Output } from '../context.ts';

export const benchSaSpec = {
  name: 'bench sa',
  summary:
    'Run the sa-bench throughput/latency benchmark (our native load generator) against an OpenAI-compatible endpoint: random prompts of ISL tokens, streamed completions of OSL tokens, one run per concurrency.',
  flags: {
    url: { type: 'string', value: 'URL', description: 'Base URL of the server, e.g. http://127.0.0.1:8000', required: true },
    model: { type: 'string', value: 'NAME', description: 'Served model name sent in each request', required: true },
    isl: { type: 'string', value: 'N', description: 'Input length in tokens (prompts are 0.8×N..N)', required: true },
    osl: { type: 'string', value: 'N', description: 'Output length in tokens (max_tokens 0.8×N..N, ignore_eos)', required: true },
    concurrency: { type: 'string', value: 'AxBxC', description: 'Concurrencies to run, e.g. 64x128 or 64,128', required: true },
    'req-rate': { type: 'string', value: 'RATE', description: 'inf (default) or requests per second (Poisson arrivals)' },
    'num-prompts': { type: 'string', value: 'N', description: 'Requests per concurrency (default 5 × concurrency)' },
    seed: { type: 'string', value: 'S', description: 'Seed of prompts and arrivals (default 0)' },
    'range-ratio': { type: 'string', value: 'R', description: 'Lengths are uniform in [R×len, len] (default 0.8)' },
    chat: { type: 'boolean', description: 'Stream /v1/chat/completions instead of /v1/completions' },
    'result-dir': { type: 'string', value: 'DIR', description: 'Write per-concurrency result files and benchmark-rollup.{json,csv} here' },
    repeats: { type: 'string', value: 'N', description: 'Measure each point N times: samples pooled, mean ± 95 % CI per point in the result file' },
    slo: { type: 'string', value: 'K=MS,…', description: 'Latency limits, e.g. ttft_p99_ms=500,itl_p99_ms=30: goodput at every point' },
    search: { type: 'string', value: 'LOAD', description: 'With --slo: find the largest concurrency (from the first --concurrency) or rate (from --req-rate) meeting it' },
    'max-probes': { type: 'string', value: 'N', description: 'SLO search: most measured points (default 8)' },
    'search-max': { type: 'string', value: 'N', description: 'SLO search: largest load tried (default 16384 streams or 10000 req/s)' },
    'progress-file': { type: 'string', value: 'FILE', description: 'Keep the latest progress sample (JSON) in FILE, for the job orchestrator to log' },
    'no-warmup': { type: 'boolean', description: 'Skip the warm-up pass before each concurrency' },
    'max-failed': { type: 'string', value: 'N', description: 'Failed requests tolerated per concurrency (default 0)' },
    'stall-timeout': { type: 'string', value: 'S', description: 'A request hearing nothing from the server for S seconds stalls the run (default max(30, 20 × p99 ITL, 3 × slowest TTFT))' },
    'client-processes': { type: 'string', value: 'N|auto', description: 'Split the streams of each point over N client processes (auto: cores − 1, at least 1), samples merged (default 1)' },
    timestamps: {
      type: 'string',
      value: 'SOURCE',
      description: 'Where token times come from: kernel (receive time of each read, native reader), node (when node reads the socket), or auto (default: kernel when available)',
    },
  },
  examples: [
    'srtctl bench sa --url http://127.0.0.1:8000 --model my-model --isl 1024 --osl 1024 --concurrency 64x128',
    'srtctl bench sa --url http://head:8000 --model m --isl 128 --osl 128 --concurrency 16 --req-rate 20 --result-dir out/',
  ],
} as const satisfies CommandSpec;

const TIMESTAMP_MODES = ['auto', 'kernel', 'node'] as const satisfies readonly TimestampMode[];

function int(spec: CommandSpec, name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw usageError(spec, `--${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

/** Live progress: an updating line on a terminal, a plain line every ~5 s in a log. */
export function createProgressPrinter(out: Output, now: () => number = () => Date.now()): (p: SaProgress) => void {
  let lastPrint = -Infinity;
  return (p) => {
    const line = formatSaProgress(p);
    if (out.isTTY) {
      out.write(`\r\x1b[2K${line}${p.done ? '\n' : ''}`);
      return;
    }
    const t = now();
    if (p.done || t - lastPrint >= 5000) {
      lastPrint = p.done ? -Infinity : t;
      out.write(`${line}\n`);
    }
  };
}

async function benchSa(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const args = parseFlags(benchSaSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(benchSaSpec));
    return 0;
  }
  const v = args.values;
  const ratio = v['range-ratio'] === undefined ? undefined : Number(v['range-ratio']);
  if (ratio !== undefined && !(ratio > 0 && ratio <= 1)) throw usageError(benchSaSpec, `--range-ratio must be in (0, 1], got "${v['range-ratio']}"`);
  const timestamps = TIMESTAMP_MODES.find((m) => m === (v.timestamps ?? 'auto'));
  if (!timestamps) throw usageError(benchSaSpec, `--timestamps must be auto, kernel or node, got "${v.timestamps}"`);
  const apiKey = ctx.env.vars['OPENAI_API_KEY'];
  const opts = {
    url: v.url,
    model: v.model,
    isl: int(benchSaSpec, 'isl', v.isl, 1) ?? 1,
    osl: int(benchSaSpec, 'osl', v.osl, 1) ?? 1,
    concurrencies: v.concurrency,
    reqRate: v['req-rate'] ?? 'inf',
    chat: v.chat,
    warmup: !v['no-warmup'],
    timestamps,
    ...optional('numPrompts', int(benchSaSpec, 'num-prompts', v['num-prompts'], 1)),
    ...optional('seed', int(benchSaSpec, 'seed', v.seed, 0)),
    ...optional('maxFailed', int(benchSaSpec, 'max-failed', v['max-failed'], 0)),
    ...optional('rangeRatio', ratio),
    ...optional('repeats', int(benchSaSpec, 'repeats', v.repeats, 1)),
    ...optional('slo', v.slo === undefined ? undefined : parseSlo(v.slo)),
    ...optional('search', searchMode(v.search)),
    ...optional('maxProbes', int(benchSaSpec, 'max-probes', v['max-probes'], 1)),
    ...optional('searchMax', searchMaxOf(v['search-max'])),
    ...optional('stallTimeoutS', stallTimeoutOf(v['stall-timeout'])),
    ...optional('resultDir', v['result-dir']),
    ...optional('clientProcesses', await clientProcessesOf(v['client-processes'])),
    ...optional('apiKey', apiKey && !/[\r\n]/.test(apiKey) ? apiKey : undefined),
  };
  const log = (line: string): void => ctx.stdout.write(`${line}\n`);
  const printer = createProgressPrinter(ctx.stderr, ctx.env.now);
  const file = v['progress-file'] === undefined ? undefined : createProgressFileWriter(v['progress-file']);
  try {
    await runSaBench(opts, {
      signal: ctx.signal,
      ...(opts.clientProcesses !== undefined && opts.clientProcesses > 1 ? { forkClient: await binForker() } : {}),
      readLimits: readProcLimits,
      readPortRange: () => readProcText('/proc/sys/net/ipv4/ip_local_port_range'),
      onLog: log,
      onProgress: (p) => (printer(p), file?.write(p)),
      onRun: (run) => ctx.stdout.write(renderSaBenchSummary(run.metrics, run.duration, run.client)),
    });
  } finally {
    await file?.flush();
  }
  return 0;
}

/** `--client-processes N|auto` (auto: one per core but one, at least 1). */
async function clientProcessesOf(value: string | undefined): Promise<number | undefined> {
  if (value === undefined) return undefined;
  if (value === 'auto') return Math.max(1, (await import('node:os')).availableParallelism() - 1);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw usageError(benchSaSpec, `--client-processes must be a whole number ≥ 1 or auto, got "${value}"`);
  return n;
}

/** Forks this `srtctl` bin as a client process (it runs `runPhaseChild` when SRT_LOADGEN_CHILD=1). */
async function binForker(): Promise<() => import('node:child_process').ChildProcess> {
  const { fork } = await import('node:child_process');
  const bin = process.argv[1];
  if (bin === undefined) throw new SrtError('SRT_USAGE', '--client-processes needs the srtctl bin path (process.argv[1]); run srtctl directly');
  return () => fork(bin, [], { env: { ...process.env, SRT_LOADGEN_CHILD: '1' }, execArgv: process.execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function readProcText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // not Linux: no check
  }
}

function readProcLimits(): string | undefined {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return undefined; // not Linux: no check
  }
}

function searchMode(value: string | undefined): 'concurrency' | 'rate' | undefined {
  if (value === undefined) return undefined;
  if (value === 'concurrency' || value === 'rate') return value;
  throw usageError(benchSaSpec, `--search must be concurrency or rate, got "${value}"`);
}

function searchMaxOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n >= 1)) throw usageError(benchSaSpec, `--search-max must be a number ≥ 1, got "${value}"`);
  return n;
}

function stallTimeoutOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n >= 0.1) || !Number.isFinite(n)) throw usageError(benchSaSpec, `--stall-timeout must be a number of seconds ≥ 0.1, got "${value}"`);
  return n;
}

function optional<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}

/** `srtctl bench sa …`: the benchmarks a user can run by hand. */
const bench: CommandHandler = async (argv, ctx) => {
  const [sub, ...rest] = argv;
  if (sub === 'sa' || sub === 'sa-bench') return benchSa(rest, ctx);
  if (sub === undefined || sub === '--help' || sub === '-h') {
    ctx.stdout.write(`Usage: srtctl bench sa [options]\n\nSubcommands:\n  sa  ${benchSaSpec.summary}\n\nRun \`srtctl bench sa --help\` for its options.\n`);
    return sub === undefined ? 2 : 0;
  }
  throw new SrtError('SRT_USAGE', `unknown benchmark "${sub}": use \`srtctl bench sa\` (other benchmark types run inside a job from the recipe's benchmark section)`);
};

export default bench;
