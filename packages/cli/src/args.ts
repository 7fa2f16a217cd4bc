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

/** Parses `argv` (the words after the subcommand) against the spec; unknown flags and missing required ones are usage errors. */
export function parseFlags<F extends Readonly<Record<string, FlagSpec>>>(spec: CommandSpec<F>, argv: readonly string[]): Parsed<F> {
  const parsed = parseWords(spec, argv);
  if (parsed.help) return { help: true };
  const values: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(spec.flags)) {
    const value = parsed.values[name];
    if (f.required && (value === undefined || value === '')) throw usageError(spec, `the option --${name} ${f.value ?? 'VALUE'} is required`);
    values[name] = f.type === 'boolean' ? value === true : f.multiple === true ? ((value as string[] | undefined) ?? []) : value;
  }
  const ordered = parsed.options.filter((o) => spec.flags[o.flag]?.multiple === true);
  const positionals = parsed.positionals;
  const declared = spec.positionals ?? [];
  const missing = declared.filter((p, i) => p.required && positionals[i] === undefined);
  if (missing.length > 0) throw usageError(spec, missing[0]?.missing ?? `missing argument ${missing.map((p) => p.name).join(' ')}`);
  if (positionals.length > declared.length && declared.at(-1)?.variadic !== true) throw usageError(spec, `unexpected argument ${JSON.stringify(positionals[declared.length])}`);
  return { help: false, values: values as FlagValues<F>, positionals, ordered };
}

interface ParsedWords {
  readonly help: boolean;
  readonly values: Readonly<Record<string, string | boolean | readonly string[]>>;
  readonly positionals: readonly string[];
  /** Every string option given, in order. */
  readonly options: OrderedFlags;
}

/**
 * The words against the flags (node:util's parseArgs rules in strict mode, whose module alone
 * is ~2 ms of every start-up): `--name value`, `--name=value`, `-n value`, `-nvalue`, boolean
 * groups `-abc`, `--` ending the options. A string flag takes the next word even when it
 * starts with `-` (`-f -`, `-f -:override_x`), except `--`.
 */
function parseWords(spec: CommandSpec, argv: readonly string[]): ParsedWords {
  const flags: Readonly<Record<string, FlagSpec>> = { ...spec.flags, help: HELP };
  const byShort = new Map(Object.entries(flags).flatMap(([name, f]) => (f.short === undefined ? [] : [[f.short, name] as const])));
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  const options: { flag: string; value: string }[] = [];
  const shown = (name: string): string => (flags[name]?.short === undefined ? `--${name}` : `-${flags[name].short}, --${name}`);
  const unknown = (written: string): SrtError => {
    const best = written.startsWith('--') ? didYouMean(written.slice(2), Object.keys(flags)) : undefined;
    return usageError(spec, `unknown option ${written}${best === undefined ? '' : ` (did you mean --${best}?)`}`);
  };
  const set = (name: string, value: string | true): void => {
    const f = flags[name]!;
    if (value !== true) options.push({ flag: name, value });
    values[name] = f.multiple === true && typeof value === 'string' ? [...((values[name] as string[] | undefined) ?? []), value] : value;
  };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    const long = word.startsWith('--');
    const eq = long ? word.indexOf('=') : -1;
    const names = long ? [word.slice(2, eq === -1 ? undefined : eq)] : [...word.slice(1)];
    for (let c = 0; c < names.length; c++) {
      const name = long ? names[0]! : byShort.get(names[c]!);
      const f = name === undefined || !Object.hasOwn(flags, name) ? undefined : flags[name]; // not `--constructor`
      if (name === undefined || f === undefined) throw unknown(long ? `--${names[0]}` : `-${names[c]}`);
      if (f.type === 'boolean') {
        if (eq !== -1) throw usageError(spec, `Option '${shown(name)}' does not take an argument`);
        set(name, true);
        continue;
      }
      // A string flag: the rest of the word (`--name=v`, `-nv`), else the next word.
      const inline = long ? (eq === -1 ? undefined : word.slice(eq + 1)) : c + 1 < names.length ? word.slice(c + 2) : undefined;
      if (inline !== undefined) set(name, inline);
      else {
        const next = argv[i + 1];
        if (next === undefined || next === '--') throw usageError(spec, `Option '${shown(name)} <value>' argument missing`);
        set(name, next);
        i += 1;
      }
      break;
    }
  }
  return { help: values['help'] === true, values, positionals, options };
}
