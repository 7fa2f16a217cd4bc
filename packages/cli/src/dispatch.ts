import { type Env, isSrtError } from '@srt/core/env';
import type { CommandContext, CommandHandler, Output } from './context.ts';
import { COMMAND_SUMMARIES } from './command-summaries.ts';
import { createStyle } from './output/style.ts';

/** What `main` needs: the words after `srtctl`, the environment and where to write. */
export interface MainOptions {
  readonly argv: readonly string[];
  readonly env: Env;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly signal?: AbortSignal;
  readonly prompt?: (question: string) => Promise<string | undefined>;
  /** Reads all of standard input (`-f -`). */
  readonly readStdin?: () => Promise<string>;
  /** Replaces the command table (tests). */
  readonly commands?: Readonly<Record<string, CommandEntry>>;
}

/** A subcommand: one line of help and its lazily imported module. */
export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<{ readonly default: CommandHandler }>;
}

const ALIASES: Readonly<Record<string, string>> = { i: 'interactive', sweep: 'run' };

/**
 * `srtctl --help`.
 *
 * @example process.stdout.write(renderMainHelp());
 */
export function renderMainHelp(): string {
  const width = Math.max(...Object.keys(COMMAND_SUMMARIES).map((n) => n.length));
  return [
    'srtctl - SLURM job submission for disaggregated LLM serving benchmarks',
    '',
    'Usage: srtctl <command> [options]      (no command: interactive mode)',
    '',
    'Commands:',
    ...Object.entries(COMMAND_SUMMARIES).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    'Examples (recipes from the repository\'s examples/):',
    '  srtctl validate -f examples/mock/disagg.yaml',
    '  srtctl dry-run -f examples/mock/disagg.yaml --nodes "gpu-[01-04]"',
    '  srtctl apply -f examples/mock/agg.yaml --tags baseline,fp8',
    '  srtctl apply --local -f examples/mock/disagg.yaml',
    '',
    'Run `srtctl <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

function usage(stderr: Output, message: string): number {
  stderr.write(`Error: ${message}\n\n${renderMainHelp()}`);
  return 2;
}

function report(e: unknown, stderr: Output, vars: Env['vars']): number {
  const style = createStyle(stderr, vars);
  if (isSrtError(e)) {
    stderr.write(`${style.red(style.bold('Error:'))} ${e.message}\n${e.details.map((d) => `${d}\n`).join('')}`);
    return e.code === 'SRT_USAGE' ? 2 : 1;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  stderr.write(`${style.red('internal error')}, please report it to the srtctl maintainers with this output:\n${err.stack ?? err.message}\n`);
  return 70;
}

/**
 * Runs one command line against a command table: the dispatcher behind `main` (the full
 * table) and the planning commands' start-up bundle (launch/plan-bin.ts, a table of two).
 * The one place that maps errors to output and exit status (0 ok, 1 `SrtError`, 2 usage,
 * 70 internal, 130 interrupted by Ctrl-C / 143 by SIGTERM; see docs/errors.md).
 *
 * @example const code = await dispatch({ argv: ['validate', '-f', 'r.yaml'], env: nodeEnv(), stdout, stderr }, COMMANDS);
 */
export async function dispatch(opts: MainOptions, commands: Readonly<Record<string, CommandEntry>>): Promise<number> {
  const [first, ...rest] = opts.argv;
  const ctx: CommandContext = {
    env: opts.env,
    stdout: opts.stdout,
    stderr: opts.stderr,
    signal: opts.signal ?? new AbortController().signal,
    ...(opts.prompt === undefined ? {} : { prompt: opts.prompt }),
    ...(opts.readStdin === undefined ? {} : { readStdin: opts.readStdin }),
  };
  if (first === '--help' || first === '-h' || first === 'help') {
    opts.stdout.write(renderMainHelp());
    return 0;
  }
  if (first === '--version' || first === '-V') {
    opts.stdout.write(`srtctl ${VERSION}\n`);
    return 0;
  }
  const name = first === undefined ? 'interactive' : (ALIASES[first] ?? first);
  if (name.startsWith('-')) return usage(opts.stderr, `a command is required before ${name}`);
  const entry = commands[name];
  if (entry === undefined) return usage(opts.stderr, `unknown command ${JSON.stringify(name)}${await suggestCommand(name, commands)}`);
  let code: number;
  try {
    const handler = (await entry.load()).default;
    code = await handler(rest, ctx);
  } catch (e) {
    // Stopping on Ctrl-C can surface as any error (an aborted fetch, a killed child): not a bug.
    code = ctx.signal.aborted && !isSrtError(e) ? 1 : report(e, opts.stderr, opts.env.vars);
  }
  // A command that stopped cleanly on the signal (a mock server) keeps its 0.
  return ctx.signal.aborted && code !== 0 ? signalExitCode(ctx.signal.reason) : code;
}

async function suggestCommand(name: string, commands: Readonly<Record<string, CommandEntry>>): Promise<string> {
  const { didYouMean } = await import('@srt/core'); // only on this error path: main stays light
  const best = didYouMean(name, Object.keys(commands));
  return best === undefined ? '' : ` (did you mean ${best}?)`;
}

/**
 * The status of a run the user interrupted, as shells report it: 128 + the signal number
 * (130 for Ctrl-C, 143 for SIGTERM), whatever the command returned while stopping.
 *
 * @example signalExitCode('SIGINT') // → 130
 */
export function signalExitCode(reason: unknown): number {
  return reason === 'SIGTERM' ? 143 : reason === 'SIGHUP' ? 129 : 130;
}

declare const __SRTCTL_VERSION__: string | undefined;
const VERSION = typeof __SRTCTL_VERSION__ === 'string' ? __SRTCTL_VERSION__ : '0.1.0';
