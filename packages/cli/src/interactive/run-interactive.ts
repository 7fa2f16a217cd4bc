import { isSrtError } from '@srt/core';
import type { CommandContext, Output } from '../context.ts';
import { renderTable } from '../output/table.ts';
import { planRows } from '../plan/render-plan.ts';
import { planJob } from '../recipe/plan-job.ts';
import { formatStamp } from '../submit/job-metadata.ts';
import apply from '../commands/apply.ts';
import dryRun from '../commands/dry-run.ts';
import { bundleFor, describeShape, nowDate, renderVariantTable } from '../commands/shared.ts';
import { chooseRecipe } from './choose-recipe.ts';
import { getPath, setPath } from './document-path.ts';
import { answerValue, checkAnswer, editableFields } from './editable-fields.ts';
import { openRecipe, type OpenedRecipe } from './open-recipe.ts';
import { renderRecipeSummary } from './recipe-summary.ts';
import type { InteractiveUi } from './ui.ts';

type Action = 'preview' | 'dry-run' | 'edit' | 'submit' | 'other' | 'quit';

const errorLines = (e: { message: string; details: readonly string[] }): string => [e.message, ...e.details].join('\n');

/** What a command run from the menu prints goes to the terminal as it comes. */
function commandContext(ctx: CommandContext, opened: OpenedRecipe): CommandContext {
  return { ...ctx, env: opened.env };
}

/** `variants.yaml:override_lowmem (edited)`: the recipe as the menus name it. */
const titleOf = (opened: OpenedRecipe): string => `${opened.variant === undefined ? opened.path : `${opened.path}:${opened.variant}`}${opened.edited ? ' (edited)' : ''}`;

/** Every variant of an override file at once: the variant table instead of one recipe's tree. */
const allVariants = (opened: OpenedRecipe): boolean => opened.variant === undefined && opened.variants.length > 0;

async function preview(ctx: CommandContext, ui: InteractiveUi, opened: OpenedRecipe): Promise<void> {
  if (allVariants(opened) && opened.loaded.ok) ui.note(titleOf(opened), renderVariantTable(opened.loaded.recipe, opened.path).trimEnd());
  else ui.note(titleOf(opened), renderRecipeSummary(opened.document).trimEnd());
  if (!opened.loaded.ok) return ui.error(errorLines(opened.loaded.error));
  const { recipe } = opened.loaded;
  const job = recipe.jobs[0]!;
  const { plan } = planJob(job, { env: opened.env, recipe, bundle: await bundleFor(ctx, recipe), jobId: 'preview', generatedAt: formatStamp(nowDate(ctx)), allowInvalidBenchmark: true });
  const title = `Plan: ${describeShape(job.config)}${recipe.isSweep ? ` (job 1 of ${recipe.jobs.length})` : ''}`;
  ui.note(title, renderTable({ columns: ['Process', 'Node', 'GPUs', 'Ports', 'Mode/Index'], rows: planRows(plan) }).trimEnd());
}

async function edit(ui: InteractiveUi, opened: OpenedRecipe, env: CommandContext['env']): Promise<OpenedRecipe> {
  const fields = editableFields(opened.document);
  const path = await ui.select(
    'Change which value?',
    [...fields.map((f) => ({ value: f.path, label: f.label, hint: String(getPath(opened.document, f.path) ?? '-') })), { value: '', label: 'Back' }],
  );
  const field = fields.find((f) => f.path === path);
  if (field === undefined) return opened;
  const answer = await ui.text(field.label, { initial: String(getPath(opened.document, field.path) ?? ''), validate: (a) => checkAnswer(field, a) });
  if (answer === undefined) return opened;
  const next = await openRecipe(opened.path, env, setPath(opened.document, field.path, answerValue(field, answer)), opened.variant);
  if (!next.loaded.ok) {
    ui.error(`Not applied: the recipe would be invalid:\n${errorLines(next.loaded.error)}`);
    return opened;
  }
  ui.info(`${field.label} is now ${String(getPath(next.document, field.path))} (in memory; the file is unchanged).`);
  return next;
}

const ALL = '\0all';

/**
 * An override file: which variant to work on (each one, `base`, or all of them as `apply` would
 * submit them). Resolves the selector, `ALL`, or undefined when the question is cancelled.
 */
async function chooseVariant(ui: InteractiveUi, opened: OpenedRecipe): Promise<string | undefined> {
  const base = (opened.document as { base?: { name?: unknown } } | undefined)?.base?.name;
  return ui.select(`${opened.path} is an override file: which variant?`, [
    ...opened.variants.map((v) => ({ value: v.label ?? '', label: v.label ?? '', hint: v.name })),
    { value: 'base', label: 'base', hint: `${String(base ?? '')} (the base alone)` },
    { value: ALL, label: `All ${opened.variants.length} variants`, hint: 'one job each' },
  ]);
}

/** Runs a command from the menu; its errors are shown, never fatal to the session. */
async function runCommand(ui: InteractiveUi, run: () => Promise<number>): Promise<number | undefined> {
  try {
    return await run();
  } catch (e) {
    if (!isSrtError(e)) throw e;
    ui.error(errorLines(e));
    return undefined;
  }
}

/**
 * `srtctl` alone: choose a recipe (and the variant of an override file), then preview it (summary and plan table), dry-run it,
 * edit the values that fit its mode, submit it, or choose another, until quit. Edits live in
 * memory only. Resolves the exit status: 0 after quit, 130 when a menu is cancelled (Ctrl-C),
 * the status of `apply` after a submission.
 */
export async function runInteractive(ctx: CommandContext, ui: InteractiveUi, out: Output = ctx.stdout): Promise<number> {
  let opened: OpenedRecipe | undefined;
  for (;;) {
    if (opened === undefined) {
      const path = await chooseRecipe(ui, ctx.env);
      if (path === undefined) break;
      opened = await openRecipe(path, ctx.env);
      if (opened.variants.length > 0) {
        const variant = await chooseVariant(ui, opened);
        if (variant === undefined) {
          opened = undefined;
          continue;
        }
        if (variant !== ALL) opened = await openRecipe(path, ctx.env, undefined, variant);
      }
      await preview(ctx, ui, opened);
      continue;
    }
    const ok = opened.loaded.ok;
    const action = await ui.select<Action>(`${String(getPath(opened.document, 'name') ?? opened.path)}: what next?`, [
      { value: 'preview', label: 'Preview', hint: 'summary and plan table' },
      ...(ok ? [{ value: 'dry-run' as const, label: 'Dry-run', hint: 'sbatch script and every command' }] : []),
      ...(allVariants(opened) ? [] : [{ value: 'edit' as const, label: 'Edit values' }]),
      ...(ok ? [{ value: 'submit' as const, label: 'Submit to SLURM' }] : []),
      { value: 'other', label: 'Choose another recipe' },
      { value: 'quit', label: 'Quit' },
    ]);
    if (action === undefined) return (ui.done('Cancelled.'), 130);
    if (action === 'quit') break;
    const current: OpenedRecipe = opened;
    const cmdCtx = { ...commandContext(ctx, current), stdout: out };
    if (action === 'other') opened = undefined;
    if (action === 'preview') await preview(ctx, ui, current);
    if (action === 'edit') opened = await edit(ui, current, ctx.env);
    if (action === 'dry-run') await runCommand(ui, () => dryRun(['-f', current.fileArg], cmdCtx));
    if (action === 'submit' && (await ui.confirm(`Submit ${titleOf(current)} to SLURM?`)) === true) {
      const code = await runCommand(ui, () => apply(['-f', current.fileArg, '-y'], cmdCtx));
      if (code === 0) return (ui.done('Submitted.'), 0);
    }
  }
  ui.done('Goodbye!');
  return 0;
}
