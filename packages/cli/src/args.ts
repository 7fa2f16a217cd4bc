import { parseArgs } from 'node:util';
import { didYouMean, SrtError } from '@srt/core';

/** One flag of a command, declared as data (shown by `--help` and parsed by `parseFlags`). */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Placeholder in the help text: `--file PATH`. */
  readonly value?: string;
  readonly description: string;
  readonly required?: boolean;
  /** Repeatable (`--set a=1 --set b=2`): the value is every occurrence, in order. */
  readonly multiple?: boolean;
}

/** One positional argument of a command. */
export interface PositionalSpec {
  readonly name: string;
  readonly required: boolean;
  /** The last positional only: takes every remaining word. */
  readonly variadic?: boolean;
  /** Usage error when this required argument is absent (default `missing argument NAME`). */
  readonly missing?: string;
}

/** A subcommand's flags, positionals and help text. */
export interface CommandSpec<F extends Readonly<Record<string, FlagSpec>> = Readonly<Record<string, FlagSpec>>> {
  readonly name: string;
  readonly summary: string;
  readonly flags: F;
  /** Positional arguments, e.g. `[{ name: 'CONFIG', required: true }]`. */
  readonly positionals?: readonly PositionalSpec[];
  readonly examples?: readonly string[];
}

/** Parsed flag values, typed from the spec: booleans are booleans, required strings are strings. */
export type FlagValues<F extends Readonly<Record<string, FlagSpec>>> = {
  readonly [K in keyof F]: F[K]['type'] extends 'boolean'
    ? boolean
    : F[K]['multiple'] extends true
      ? readonly string[]
      : F[K]['required'] extends true
        ? string
        : string | undefined;
};

/** Occurrences of the repeatable flags, in command-line order (`--set`/`--unset` interleave). */
export type OrderedFlags = readonly { readonly flag: string; readonly value: string }[];

export type Parsed<F extends Readonly<Record<string, FlagSpec>>> =
  | { readonly help: true }
  | { readonly help: false; readonly values: FlagValues<F>; readonly positionals: readonly string[]; readonly ordered: OrderedFlags };

const HELP: FlagSpec = { type: 'boolean', short: 'h', description: 'Show this help' };

/** `srtctl <name> <flags>` usage text with one line per flag. */
export function renderUsage(spec: CommandSpec): string {
  const flags = Object.entries({ ...spec.flags, help: HELP });
  const synopsis = [
    `srtctl ${spec.name}`,
    ...Object.entries(spec.flags)
      .filter(([, f]) => f.required)
      .map(([name, f]) => `--${name} ${f.value ?? 'VALUE'}`),
    ...(flags.length > 1 ? ['[options]'] : []),
    ...(spec.positionals ?? []).map((p) => (p.required ? p.name : `[${p.name}]`)),
  ].join(' ');
  const left = flags.map(([name, f]) => `${f.short === undefined ? '    ' : `-${f.short}, `}--${name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`);
  const width = Math.max(...left.map((l) => l.length));
  const lines = [`Usage: ${synopsis}`, '', spec.summary, '', 'Options:', ...flags.map(([, f], i) => `  ${left[i]!.padEnd(width)}  ${f.description}`)];
  if (spec.examples !== undefined && spec.examples.length > 0) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

/** A usage error: main prints the message and the command's usage, and exits 2. */
export function usageError(spec: CommandSpec, message: string): SrtError {
  return new SrtError('SRT_USAGE', message, { details: ['', ...renderUsage(spec).trimEnd().split('\n')] });
}

/** node:util's parseArgs message, shortened; an unknown option gets the closest known one. */
function parseArgsMessage(e: NodeJS.ErrnoException, known: readonly string[]): string {
  const unknown = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-{1,2}[^']+)'/.exec(e.message)?.[1] : undefined;
  if (unknown !== undefined) {
    const best = didYouMean(unknown.replace(/^-+/, '').split('=')[0]!, known);
    return `unknown option ${unknown}${best === undefined ? '' : ` (did you mean --${best}?)`}`;
  }
  return e.message.replace(/\. To specify a positional argument.*$/s, '').replace(/\s+$/, '');
}

/** Parses `argv` (the words after the subcommand) against the spec; unknown flags and missing required ones are usage errors. */
export function parseFlags<F extends Readonly<Record<string, FlagSpec>>>(spec: CommandSpec<F>, argv: readonly string[]): Parsed<F> {
  const options = Object.fromEntries(
    Object.entries({ ...spec.flags, help: HELP }).map(([name, f]) => [
      name,
      { type: f.type, ...(f.short === undefined ? {} : { short: f.short }), ...(f.multiple === true ? { multiple: true } : {}) },
    ]),
  );
  // A string flag's value may start with `-` (`-f -`, `-f -:override_x`): join it to the flag.
  const stringFlags = new Set(Object.entries(spec.flags).flatMap(([name, f]) => (f.type === 'string' ? [`--${name}`, ...(f.short === undefined ? [] : [`-${f.short}`])] : [])));
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    const next = argv[i + 1];
    if (stringFlags.has(w) && next !== undefined && next.startsWith('-') && next !== '--') {
      words.push(`${w.startsWith('--') ? w : `--${Object.entries(spec.flags).find(([, f]) => `-${f.short}` === w)![0]}`}=${next}`);
      i += 1;
    } else words.push(w);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: words, options, strict: true, allowPositionals: true, tokens: true });
  } catch (e) {
    throw usageError(spec, parseArgsMessage(e as NodeJS.ErrnoException, Object.keys(options)));
  }
  if (parsed.values['help'] === true) return { help: true };
  const values: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(spec.flags)) {
    const value = parsed.values[name];
    if (f.required && (value === undefined || value === '')) throw usageError(spec, `the option --${name} ${f.value ?? 'VALUE'} is required`);
    values[name] = f.type === 'boolean' ? value === true : f.multiple === true ? ((value as string[] | undefined) ?? []) : value;
  }
  const ordered = (parsed.tokens ?? []).flatMap((t) =>
    t.kind === 'option' && spec.flags[t.name]?.multiple === true && typeof t.value === 'string' ? [{ flag: t.name, value: t.value }] : [],
  );
  const positionals = parsed.positionals;
  const declared = spec.positionals ?? [];
  const missing = declared.filter((p, i) => p.required && positionals[i] === undefined);
  if (missing.length > 0) throw usageError(spec, missing[0]?.missing ?? `missing argument ${missing.map((p) => p.name).join(' ')}`);
  if (positionals.length > declared.length && declared.at(-1)?.variadic !== true) throw usageError(spec, `unexpected argument ${JSON.stringify(positionals[declared.length])}`);
  return { help: false, values: values as FlagValues<F>, positionals, ordered };
}
