import { join } from 'node:path';
import { ConfigError, healthCheckReport, renderHealthCheckReport, SrtError } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { renderPanel } from '../output/style.ts';
import { parseNodeList } from '../plan/node-list.ts';
import { planToJson } from '../plan/plan-json.ts';
import { renderPlan } from '../plan/render-plan.ts';
import { renderSortedYaml, withoutNulls } from '../recipe/config-snapshot.ts';
import type { Recipe } from '../recipe/load-recipe.ts';
import { editsFrom, loadRecipeInputs } from '../recipe/recipe-inputs.ts';
import { type PlannedJob, planJob } from '../recipe/plan-job.ts';
import { locateRecipeIssues, preflightIssues } from '../recipe/preflight.ts';
import { formatStamp } from '../submit/job-metadata.ts';
import { bundleFor, EDIT_FLAGS, explicitOutputBase, FILE_FLAG, OUTPUT_FLAG, nowDate, printWarnings, renderEditsLine, renderSweepTable, renderVariantTable } from './shared.ts';

export const dryRunSpec = {
  name: 'dry-run',
  summary: 'Show the sbatch script and the launch plan (which process runs where, with which GPUs, ports and command) without submitting.',
  flags: {
    file: FILE_FLAG,
    sweep: { type: 'boolean', description: 'Treat the file as a sweep even without a top-level sweep: key' },
    ...EDIT_FLAGS,
    output: OUTPUT_FLAG,
    json: { type: 'boolean', description: 'Print the whole launch plan as JSON (one line per job for sweeps)' },
    nodes: { type: 'string', value: 'HOSTLIST', description: 'Plan against these nodes, e.g. "gpu-[01-04]" (default node-01…node-NN)' },
    'job-id': { type: 'string', value: 'ID', description: 'Job id used in the planned paths (default dry-run)' },
    yes: { type: 'boolean', short: 'y', description: 'Accepted for compatibility (dry-run never asks)' },
    'no-preflight': { type: 'boolean', description: 'Skip the checks of files only the cluster may see (setup script, model directory, container image)' },
  },
  examples: ['srtctl dry-run -f examples/mock/disagg.yaml', 'srtctl dry-run -f examples/mock/disagg.yaml --nodes "gpu-[01-04]" --json'],
} as const satisfies CommandSpec;

/** Sweeps with more jobs print these many plans in full, then a line per job. */
const SWEEP_PLANS_SHOWN = 8;
/**
 * Sweeps with more jobs are summarised (R4): `dry-runs/<name>_sweep_<stamp>/` gets `jobs.txt`
 * (one line per job: index, name, parameters) instead of a folder per job, and the terminal
 * shows the first `SWEEP_LINES_SHOWN` job lines.
 */
const SWEEP_FOLDERS_MAX = 256;
const SWEEP_LINES_SHOWN = 50;

function numbered(script: string): string {
  const lines = script.replace(/\n$/, '').split('\n');
  const width = String(lines.length).length;
  return lines.map((l, i) => `${String(i + 1).padStart(width)} ${l}`).join('\n');
}

async function writeSweepFolder(ctx: CommandContext, recipe: Recipe, planned: readonly PlannedJob[], stamp: string): Promise<string> {
  const dir = join(ctx.env.cwd, 'dry-runs', `${recipe.name}_sweep_${stamp}`);
  // Loaded here: node:fs/promises is ~3 ms of a dry-run's start-up, and only sweeps write.
  const { mkdir, writeFile } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'sweep_config.yaml'), renderSortedYaml(recipe.rawDocument));
  if (planned.length > SWEEP_FOLDERS_MAX) {
    await writeFile(join(dir, 'jobs.txt'), planned.map((p) => `${p.job.index}\t${p.job.name}\t${JSON.stringify(p.job.params)}\n`).join(''));
    return dir;
  }
  for (const p of planned) {
    const jobDir = join(dir, `job_${String(p.job.index).padStart(3, '0')}_${p.job.name.replaceAll('/', '_')}`);
    await mkdir(jobDir, { recursive: true });
    await writeFile(join(jobDir, 'config.yaml'), renderSortedYaml(withoutNulls(p.config)));
  }
  return dir;
}

/** The readiness budgets of a job and where each comes from (recipe, cluster file, default). */
function budgets(recipe: Recipe, p: PlannedJob) {
  return healthCheckReport(p.config.health_check, recipe.rawDocument, recipe.cluster?.config);
}

/** One job as JSON: the launch plan plus where it came from (sweep point, variant, `--set` edits). */
function jobJson(recipe: Recipe, p: PlannedJob): string {
  const extra = {
    health_check: budgets(recipe, p),
    ...(recipe.isSweep && p.job.variant === undefined ? { sweep_index: p.job.index, sweep_params: p.job.params } : {}),
    ...(p.job.variant === undefined ? {} : { variant: p.job.variant.suffix, variant_label: p.job.variant.label, sweep_params: p.job.params }),
    ...(p.job.appliedOverrides.length === 0 ? {} : { applied_overrides: p.job.appliedOverrides }),
  };
  return `${JSON.stringify(planToJson(p.plan, extra), (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v))}\n`;
}

/** `srtctl dry-run -f FILE`: the script, the plan, sweep and variant tables; writes only the sweep's `dry-runs/` folder. */
const dryRun: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(dryRunSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(dryRunSpec));
    return 0;
  }
  const { values } = args;
  const nodes = values.nodes === undefined ? undefined : parseNodeList(values.nodes);
  const recipes = await loadRecipeInputs(values.file, ctx, { forceSweep: values.sweep, edits: editsFrom(args.ordered) });
  const stamp = formatStamp(nowDate(ctx));
  const all: { recipe: Recipe; planned: readonly PlannedJob[] }[] = [];
  for (const recipe of recipes) {
    printWarnings(ctx, recipe.warnings);
    const bundle = await bundleFor(ctx, recipe);
    if (!bundle.found && !values.json && all.length === 0) ctx.stderr.write(`Warning: srtctl bundle not built yet (${bundle.path}); apply needs it\n`);
    const outputBase = explicitOutputBase(ctx, recipe, values.output);
    // A sweep's jobs past the first few are one line each: their batch script (and its config snapshot) is never shown.
    const shown = (job: Recipe['jobs'][number]): boolean => values.json === true || !recipe.isSweep || recipe.kind === 'override' || job.index <= SWEEP_PLANS_SHOWN;
    const planned = recipe.jobs.map((job) => planJob(job, { env: ctx.env, recipe, bundle, nodes, jobId: values['job-id'] ?? 'dry-run', generatedAt: stamp, allowInvalidBenchmark: true, outputBase, snapshot: shown(job) }));
    for (const p of planned) printWarnings(ctx, [...p.plan.runtime.warnings, ...p.plan.warnings]);
    if (recipe.kind === 'override' && recipe.selector === undefined) ctx.stderr.write('base not selected (add :base to submit it)\n');
    all.push({ recipe, planned });
  }
  const failed = [];
  for (const { recipe, planned } of all) {
    const issues = await preflightIssues(recipe, planned, { env: ctx.env, skipClusterFiles: values['no-preflight'] });
    const error = locateRecipeIssues(recipe.given, recipe, issues);
    if (error !== undefined) failed.push(error);
  }
  if (failed.length === 1) throw failed[0]!;
  if (failed.length > 1) throw new SrtError('SRT_CONFIG_INVALID', `${failed.length} recipes of ${values.file} are not valid`, { details: failed.flatMap((e: ConfigError) => [e.message, ...e.details.map((d) => `  ${d}`)]) });
  for (const { recipe, planned } of all) {
    if (values.json) {
      for (const p of planned) ctx.stdout.write(jobJson(recipe, p));
      if (recipe.kind === 'sweep') ctx.stderr.write(`📁 Output: ${await writeSweepFolder(ctx, recipe, planned, stamp)}\n`);
      continue;
    }
    if (all.length > 1) ctx.stdout.write(`\n=== ${recipe.given} ===\n`);
    ctx.stdout.write(renderEditsLine(recipe));
    if (recipe.kind === 'override') {
      ctx.stdout.write(renderVariantTable(recipe, recipe.given));
      ctx.stdout.write(renderPanel('🔍 DRY-RUN MODE', `Override file ${recipe.given}: nothing submitted`, `${planned.length} jobs`));
      for (const p of planned) ctx.stdout.write(`\n[${p.job.index}/${planned.length}] ${p.job.variant?.label ?? ''}: ${p.job.name}\n${renderPlan(p.plan, { budgets: renderHealthCheckReport(budgets(recipe, p)) })}`);
      continue;
    }
    if (recipe.isSweep) {
      ctx.stdout.write(renderSweepTable(recipe));
      ctx.stdout.write(renderPanel('🔍 DRY-RUN MODE', `Sweep ${recipe.name}: nothing submitted`, `${planned.length} jobs`));
      // A large sweep prints the first plans in full and one line for each other job.
      for (const p of planned.slice(0, SWEEP_PLANS_SHOWN)) ctx.stdout.write(`\n[${p.job.index}/${planned.length}] ${p.job.name}\n${renderPlan(p.plan, { budgets: renderHealthCheckReport(budgets(recipe, p)) })}`);
      if (planned.length > SWEEP_PLANS_SHOWN) {
        ctx.stdout.write(`\n${planned.length - SWEEP_PLANS_SHOWN} more jobs planned (--json prints every plan):\n`);
        const lines = planned.length > SWEEP_FOLDERS_MAX ? planned.slice(SWEEP_PLANS_SHOWN, SWEEP_PLANS_SHOWN + SWEEP_LINES_SHOWN) : planned.slice(SWEEP_PLANS_SHOWN);
        for (const p of lines) ctx.stdout.write(`  [${p.job.index}/${planned.length}] ${p.job.name}\n`);
        const rest = planned.length - SWEEP_PLANS_SHOWN - lines.length;
        if (rest > 0) ctx.stdout.write(`  … and ${rest} more jobs (every job, one per line: jobs.txt in the folder below)\n`);
      }
      ctx.stdout.write(`📁 Output: ${await writeSweepFolder(ctx, recipe, planned, stamp)}\n`);
      continue;
    }
    const p = planned[0]!;
    ctx.stdout.write(renderPanel(p.config.name, '🔍 DRY-RUN (orchestrator mode)'));
    ctx.stdout.write(renderPanel('Generated sbatch Script', numbered(p.plan.sbatchScript)));
    ctx.stdout.write(renderPanel('Launch plan', renderPlan(p.plan, { budgets: renderHealthCheckReport(budgets(recipe, p)) })));
  }
  return 0;
};

export default dryRun;
