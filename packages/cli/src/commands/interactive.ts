import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isSrtError, parseYaml, renderConfigYaml } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { ask, selectRecipe } from '../interactive/select-recipe.ts';
import { getPath, MODIFIABLE, parseAnswer, renderRecipeSummary, setPath } from '../interactive/recipe-summary.ts';
import { renderPanel } from '../output/style.ts';
import { loadRecipe } from '../recipe/load-recipe.ts';
import { planJob } from '../recipe/plan-job.ts';
import { formatStamp } from '../submit/job-metadata.ts';
import apply from './apply.ts';
import dryRun from './dry-run.ts';
import { bundleFor, nowDate, renderSweepTable } from './shared.ts';

export const interactiveSpec = {
  name: 'interactive',
  summary: 'Browse recipes in ./recipies or ./recipes, see a summary, preview the sbatch script, dry-run, change parameters and submit.',
  flags: {},
} as const satisfies CommandSpec;

const ACTIONS = ['🚀 Submit job(s)', '👁️  Preview sbatch script', '✏️  Modify parameters', '🔍 Dry-run', '📁 Select different config', '❌ Exit'] as const;

async function readDoc(ctx: CommandContext, path: string): Promise<unknown> {
  try {
    return parseYaml(await ctx.env.readFile(resolve(ctx.env.cwd, path)));
  } catch {
    return undefined;
  }
}

/** The chosen recipe, its summary printed; undefined (after saying so) when the file does not exist. */
async function openRecipe(ctx: CommandContext, path: string): Promise<{ path: string; doc: unknown } | undefined> {
  if (!(await ctx.env.fileExists(resolve(ctx.env.cwd, path)))) {
    ctx.stdout.write(`Config not found: ${path}\n`);
    return undefined;
  }
  const state = { path, doc: await readDoc(ctx, path) };
  ctx.stdout.write(renderRecipeSummary(state.doc));
  return state;
}

async function submit(ctx: CommandContext, path: string, doc: unknown): Promise<number | undefined> {
  let body = renderRecipeSummary(doc);
  try {
    const recipe = await loadRecipe(path, ctx.env);
    if (recipe.isSweep) body += `\n${renderSweepTable(recipe)}Total jobs: ${recipe.jobs.length}\n`;
  } catch (e) {
    if (!isSrtError(e)) throw e;
  }
  ctx.stdout.write(renderPanel(String(getPath(doc, 'name') ?? path), body));
  const yes = (await ask(ctx, 'Submit to SLURM? [y/N] '))?.trim();
  if (yes === undefined || !/^y(es)?$/i.test(yes)) {
    ctx.stdout.write('Submission cancelled.\n');
    return undefined;
  }
  try {
    await apply(['-f', path, '-y'], ctx);
    ctx.stdout.write('✅ Submission complete!\n');
    return 0;
  } catch (e) {
    ctx.stdout.write(`❌ Submission failed: ${e instanceof Error ? e.message : String(e)}\n`);
    if (isSrtError(e)) for (const d of e.details) ctx.stdout.write(`${d}\n`);
    return 1;
  }
}

async function preview(ctx: CommandContext, path: string): Promise<void> {
  const recipe = await loadRecipe(path, ctx.env);
  const bundle = await bundleFor(ctx, recipe);
  const job = recipe.jobs[0]!;
  const { plan } = planJob(job, { env: ctx.env, recipe, bundle, jobId: 'preview', generatedAt: formatStamp(nowDate(ctx)) });
  ctx.stdout.write(renderPanel(`Generated sbatch Script${recipe.isSweep ? ` (job 1 of ${recipe.jobs.length})` : ''}`, plan.sbatchScript));
}

async function modify(ctx: CommandContext, doc: unknown): Promise<{ path: string; doc: unknown } | undefined> {
  let next = doc;
  for (const [key, label] of MODIFIABLE) {
    const current = getPath(next, key);
    const answer = await ask(ctx, `${label} [${current === undefined || current === null ? 'N/A' : String(current)}]: `);
    if (answer === undefined) return undefined;
    if (answer.trim() !== '') next = setPath(next, key, parseAnswer(answer));
  }
  const dir = await mkdtemp(join(tmpdir(), 'srtctl_modified_'));
  const path = join(dir, 'config.yaml');
  await writeFile(path, renderConfigYaml(next)); // quoted for the YAML 1.1 reader: "04:00:00" stays a string
  ctx.stdout.write(`Configuration modified.\n${renderRecipeSummary(next)}`);
  return { path, doc: next };
}

/** Runs one menu action; a number ends interactive mode with that status. */
async function act(ctx: CommandContext, action: number, state: { path: string; doc: unknown }): Promise<number | undefined> {
  try {
    if (action === 1) return await submit(ctx, state.path, state.doc);
    if (action === 2) await preview(ctx, state.path);
    if (action === 3) Object.assign(state, (await modify(ctx, state.doc)) ?? {});
    if (action === 4) await dryRun(['-f', state.path], ctx);
  } catch (e) {
    if (!isSrtError(e)) throw e;
    ctx.stdout.write(`Error: ${e.message}\n${e.details.map((d) => `${d}\n`).join('')}`);
  }
  return undefined;
}

/** `srtctl` alone: the interactive mode of cli.md §7, driven through `ctx.prompt`. */
const interactive: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(interactiveSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(interactiveSpec));
    return 0;
  }
  ctx.stdout.write('srtctl Interactive Mode\n\n');
  const first = await selectRecipe(ctx);
  if (first === 'cancel') {
    ctx.stdout.write('No config selected. Exiting.\n');
    return 0;
  }
  const state = await openRecipe(ctx, first.path);
  if (state === undefined) return 1;
  for (;;) {
    ctx.stdout.write(`\nWhat would you like to do?\n${ACTIONS.map((a, i) => `  ${i + 1}) ${a}\n`).join('')}`);
    const answer = (await ask(ctx, 'Choice [1-6]: '))?.trim();
    const action = answer === undefined ? 6 : Number(answer);
    if (action === 6) break;
    if (action === 5) {
      const next = await selectRecipe(ctx);
      if (next !== 'cancel') Object.assign(state, (await openRecipe(ctx, next.path)) ?? {});
      continue;
    }
    const done = await act(ctx, action, state);
    if (done !== undefined) return done;
  }
  ctx.stdout.write('Goodbye!\n');
  return 0;
};

export default interactive;
