import { type Stats, stat } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type DocumentEdit, invalidSelector, isSrtError, loadClusterConfig, type OverrideSelector, parseDocumentEdits, parseSelector, SrtError, compareCodeUnits } from '@srt/core';
import type { OrderedFlags } from '../args.ts';
import type { CommandContext } from '../context.ts';
import { loadRecipe, type Recipe } from './load-recipe.ts';

/** What `-f` names: standard input, a file (with an optional selector) or a directory. */
export type FileArg =
  | { readonly kind: 'stdin'; readonly selector?: OverrideSelector }
  | { readonly kind: 'file'; readonly path: string; readonly selector?: OverrideSelector }
  | { readonly kind: 'dir'; readonly path: string };

async function statOf(path: string): Promise<'file' | 'dir' | undefined> {
  // node:fs's callback: node:fs/promises is start-up cost `validate -f FILE` need not pay.
  const s = await new Promise<Stats | undefined>((resolve) => stat(path, (e, st) => resolve(e === null ? st : undefined)));
  return s === undefined ? undefined : s.isDirectory() ? 'dir' : 'file';
}

/**
 * Reads a `-f` argument (§1.10 point 5, §2.2): `-` is standard input; an existing path is a
 * path even with colons; otherwise `PATH:SELECTOR` split at the last colon.
 */
export async function parseFileArg(arg: string, cwd: string): Promise<FileArg> {
  const whole = await statOf(resolve(cwd, arg));
  if (arg !== '-' && whole !== undefined) return whole === 'dir' ? { kind: 'dir', path: arg } : { kind: 'file', path: arg };
  if (arg === '-') return { kind: 'stdin' };
  const colon = arg.lastIndexOf(':');
  if (colon === -1) return { kind: 'file', path: arg };
  const path = arg.slice(0, colon);
  const text = arg.slice(colon + 1);
  if (path === '') throw new SrtError('SRT_USAGE', `Invalid config path in selector syntax: ${JSON.stringify(arg)}`);
  const selector = parseSelector(text);
  if (selector === undefined) {
    if (path === '-' || (await statOf(resolve(cwd, path))) !== undefined) throw invalidSelector(text);
    return { kind: 'file', path: arg };
  }
  if (path === '-') return { kind: 'stdin', selector };
  if ((await statOf(resolve(cwd, path))) === 'dir') throw new SrtError('SRT_USAGE', `selector ':${text}' given, but ${path} is a directory: select variants of one file`);
  return { kind: 'file', path, selector };
}

/** Every `*.yaml`/`*.yml` below a directory, hidden directories and `srtslurm.yaml` skipped, sorted by path. */
export async function recipeFilesUnder(dir: string): Promise<readonly string[]> {
  const { readdir } = await import('node:fs/promises');
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.')) await walk(p);
      } else if (/\.ya?ml$/.test(e.name) && e.name !== 'srtslurm.yaml') out.push(p);
    }
  };
  await walk(dir);
  return out.sort(compareCodeUnits);
}

/** The `--set`/`--unset` occurrences of a command line, parsed in order. */
export function editsFrom(ordered: OrderedFlags): readonly DocumentEdit[] {
  return parseDocumentEdits(ordered.filter((o) => o.flag === 'set' || o.flag === 'unset').map((o) => ({ flag: o.flag as 'set' | 'unset', value: o.value })));
}

export interface LoadInputsOptions {
  readonly forceSweep?: boolean;
  readonly edits?: readonly DocumentEdit[];
}

/**
 * Loads every recipe a `-f` argument names and validates every job of every file before
 * returning: one problem anywhere fails the whole command (nothing submitted), listing each
 * file's problems.
 */
export async function loadRecipeInputs(arg: string, ctx: CommandContext, opts: LoadInputsOptions = {}): Promise<readonly Recipe[]> {
  const input = await parseFileArg(arg, ctx.env.cwd);
  const base = { ...(opts.forceSweep === undefined ? {} : { forceSweep: opts.forceSweep }), edits: opts.edits ?? [] };
  if (input.kind === 'stdin') {
    if (ctx.readStdin === undefined) throw new SrtError('SRT_USAGE', '-f - reads the recipe from standard input, which this caller does not provide');
    const text = await ctx.readStdin();
    return [await loadRecipe('-', ctx.env, { ...base, text, selector: input.selector })];
  }
  if (input.kind === 'file') return [await loadRecipe(input.path, ctx.env, { ...base, selector: input.selector })];
  const dir = resolve(ctx.env.cwd, input.path);
  const files = await recipeFilesUnder(dir);
  if (files.length === 0) throw new SrtError('SRT_CONFIG_NOT_FOUND', `no *.yaml or *.yml files under ${input.path}`);
  const cluster = (await loadClusterConfig(ctx.env)) ?? null;
  const recipes: Recipe[] = [];
  const problems: string[] = [];
  let failed = 0;
  for (const file of files) {
    const shown = join(input.path, relative(dir, file));
    try {
      recipes.push(await loadRecipe(shown, ctx.env, { ...base, cluster }));
    } catch (e) {
      if (!isSrtError(e)) throw e;
      failed += 1;
      problems.push(`${shown}: ${e.message}`, ...e.details.map((d) => `  ${d}`));
    }
  }
  if (failed > 0) {
    throw new SrtError('SRT_CONFIG_INVALID', `${failed} of ${files.length} recipe files under ${input.path} ${failed === 1 ? 'has' : 'have'} problems; nothing was submitted`, {
      details: problems,
    });
  }
  return recipes;
}
