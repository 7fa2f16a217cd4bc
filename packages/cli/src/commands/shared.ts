import { deriveResources, type SrtConfig } from '@srt/core';
import type { CommandContext } from '../context.ts';
import { type Recipe } from '../recipe/load-recipe.ts';
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
