import { deriveResources, resolveOutputBase, type SrtConfig } from '@srt/core';
import type { CommandContext } from '../context.ts';
import type { Recipe, RecipeJob } from '../recipe/load-recipe.ts';
import { createStyle } from '../output/style.ts';
import { renderTable } from '../output/table.ts';
import { type BundleLocation, locateBundle } from '../submit/locate-bundle.ts';

/** `1P×8 + 4D×4 GPUs on 3 nodes` (or `2A×4 GPUs on 2 nodes`). */
export function describeShape(config: SrtConfig): string {
  const r = deriveResources(config.resources);
  const parts = [
    r.numPrefill > 0 ? `${r.numPrefill}P×${r.gpusPerPrefill}` : '',
    r.numDecode > 0 ? `${r.numDecode}D×${r.gpusPerDecode}` : '',
    r.numAgg > 0 ? `${r.numAgg}A×${r.gpusPerAgg}` : '',
  ].filter((p) => p !== '');
  const nodes = `${r.totalNodes} node${r.totalNodes === 1 ? '' : 's'}`;
  return `${parts.length === 0 ? 'no workers' : `${parts.join(' + ')} GPUs`} on ${nodes}`;
}

/** `-f`: a recipe, `FILE:SELECTOR` for override files, a directory, or `-` (standard input). */
export const FILE_FLAG = {
  type: 'string',
  short: 'f',
  value: 'PATH',
  description: 'Recipe YAML file; FILE:SELECTOR picks override variants (base, override_x, zip_override_g[N], globs); a directory takes every recipe in it; - reads standard input',
  required: true,
} as const;

/** `-o/--output DIR`: the output base of every job (`DIR/<job_id>`), over the cluster file's `output_dir` and `<cwd>/outputs`. */
export const OUTPUT_FLAG = {
  type: 'string',
  short: 'o',
  value: 'DIR',
  description: "Put each job's folder in DIR/<job_id> (default: output_dir of srtslurm.yaml, else ./outputs); made absolute here, so DIR must be on a file system the compute nodes share",
} as const;

/**
 * The explicit output base of a recipe's jobs (`-o DIR` > its cluster file's `output_dir`), or `undefined` for `<cwd>/outputs`.
 *
 * @example explicitOutputBase(ctx, recipe, 'runs') // '<cwd>/runs'
 */
export function explicitOutputBase(ctx: CommandContext, recipe: Recipe, flag: string | undefined): string | undefined {
  const base = resolveOutputBase(flag, recipe.cluster, ctx.env);
  return base.from === 'default' ? undefined : base.path;
}

/** `--set`/`--unset`, repeatable, applied in command-line order to every job's document. */
export const EDIT_FLAGS = {
  set: { type: 'string', value: 'PATH=VALUE', multiple: true, description: 'Set a recipe value before cluster defaults (repeatable): benchmark.concurrencies=[4,8], health_check.max_attempts=720' },
  unset: { type: 'string', value: 'PATH', multiple: true, description: 'Remove a recipe value (repeatable; a missing path only warns)' },
} as const;

/** `Overrides: set a=1; unset b` (or nothing without edits). */
export function renderEditsLine(recipe: Recipe): string {
  const edits = recipe.jobs[0]?.appliedOverrides ?? [];
  if (edits.length === 0) return '';
  return `Overrides: ${edits.map((e) => (e.op === 'set' ? `set ${e.path}=${typeof e.value === 'string' ? e.value : JSON.stringify(e.value)}` : `unset ${e.path}`)).join('; ')}\n`;
}

/** The `Overrides: <file> (<N> jobs)` table of an override file (§1.10 point 8). */
export function renderVariantTable(recipe: Recipe, file: string): string {
  return renderTable({
    title: `Overrides: ${file} (${recipe.jobs.length} job${recipe.jobs.length === 1 ? '' : 's'})`,
    columns: ['#', 'Variant', 'Job Name', 'Parameters'],
    rows: recipe.jobs.map((j) => [String(j.index), j.variant?.label ?? '', j.name, paramText(j.params)]),
    alignRight: [0],
  });
}

/** Where a job's problems are reported: the file, plus the sweep job or the variant. */
export function jobWhere(recipe: Recipe, job: RecipeJob, file: string): string {
  if (job.variant !== undefined) return `${file} (${job.variant.label}${recipe.jobs.length > 1 ? `, job ${job.index}` : ''}: ${job.name})`;
  return recipe.isSweep ? `${file} (sweep job ${job.index}: ${job.name})` : file;
}

/** Python `str()`-like rendering of a sweep value for tables. */
function paramText(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/** The `Sweep: <name> (<N> jobs)` table of cli.md §6. */
export function renderSweepTable(recipe: Recipe): string {
  return renderTable({
    title: `Sweep: ${recipe.name} (${recipe.jobs.length} jobs)`,
    columns: ['#', 'Job Name', 'Parameters'],
    rows: recipe.jobs.map((j) => [String(j.index), j.name, paramText(j.params)]),
    alignRight: [0],
  });
}

/** Prints recipe and cluster-file warnings on stderr. */
export function printWarnings(ctx: CommandContext, warnings: readonly string[]): void {
  const style = createStyle(ctx.stderr, ctx.env.vars);
  for (const w of warnings) ctx.stderr.write(w.startsWith('  ') ? `${w}\n` : `${style.yellow('Warning:')} ${w}\n`);
}

/** The bundle as the job would run it, with the node binary running this CLI. */
export function bundleFor(ctx: CommandContext, recipe: Recipe): Promise<BundleLocation> {
  return locateBundle(ctx.env, recipe.cluster?.config, process.execPath);
}

/** Current local time from the injected clock. */
export function nowDate(ctx: CommandContext): Date {
  return new Date(ctx.env.now());
}
