import { mkdir, writeFile } from 'node:fs/promises';
import { healthCheckReport, renderHealthCheckReport } from '@srt/core';
import { join } from 'node:path';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { renderPanel } from '../output/style.ts';
import { parseNodeList } from '../plan/node-list.ts';
import { planToJson } from '../plan/plan-json.ts';
import { renderPlan } from '../plan/render-plan.ts';
import { renderSortedYaml, withoutNulls } from '../recipe/config-snapshot.ts';
import { loadRecipe, type Recipe } from '../recipe/load-recipe.ts';
import { type PlannedJob, planJob } from '../recipe/plan-job.ts';
import { locateRecipeIssues, preflightIssues } from '../recipe/preflight.ts';
import { formatStamp } from '../submit/job-metadata.ts';
import { bundleFor, nowDate, printWarnings, renderSweepTable } from './shared.ts';

export const dryRunSpec = {
  name: 'dry-run',
  summary: 'Show the sbatch script and the launch plan (which process runs where, with which GPUs, ports and command) without submitting.',
  flags: {
    file: { type: 'string', short: 'f', value: 'PATH', description: 'Recipe YAML file', required: true },
    sweep: { type: 'boolean', description: 'Treat the file as a sweep even without a top-level sweep: key' },
    json: { type: 'boolean', description: 'Print the whole launch plan as JSON (one line per job for sweeps)' },
    nodes: { type: 'string', value: 'HOSTLIST', description: 'Plan against these nodes, e.g. "gpu-[01-04]" (default node-01…node-NN)' },
    'job-id': { type: 'string', value: 'ID', description: 'Job id used in the planned paths (default dry-run)' },
    yes: { type: 'boolean', short: 'y', description: 'Accepted for compatibility (dry-run never asks)' },
    'no-preflight': { type: 'boolean', description: 'Skip the checks of files only the cluster may see (model directory, container image)' },
  },
  examples: ['srtctl dry-run -f examples/mock/disagg.yaml', 'srtctl dry-run -f examples/mock/disagg.yaml --nodes "gpu-[01-04]" --json'],
} as const satisfies CommandSpec;

/** Sweeps with more jobs print these many plans in full, then a line per job. */
const SWEEP_PLANS_SHOWN = 8;

function numbered(script: string): string {
  const lines = script.replace(/\n$/, '').split('\n');
  const width = String(lines.length).length;
  return lines.map((l, i) => `${String(i + 1).padStart(width)} ${l}`).join('\n');
}

async function writeSweepFolder(ctx: CommandContext, recipe: Recipe, planned: readonly PlannedJob[], stamp: string): Promise<string> {
  const dir = join(ctx.env.cwd, 'dry-runs', `${recipe.name}_sweep_${stamp}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'sweep_config.yaml'), renderSortedYaml(recipe.rawDocument));
  for (const p of planned) {
    const jobDir = join(dir, `job_${String(p.job.index).padStart(3, '0')}_${p.job.name.replaceAll('/', '_')}`);
    await mkdir(jobDir, { recursive: true });
    await writeFile(join(jobDir, 'config.yaml'), renderSortedYaml(withoutNulls(p.config)));
  }
  return dir;
}

/** `srtctl dry-run -f FILE`: the script, the plan, sweep tables; writes only the sweep's `dry-runs/` folder. */
const dryRun: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(dryRunSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(dryRunSpec));
    return 0;
  }
  const { values } = args;
  const nodes = values.nodes === undefined ? undefined : parseNodeList(values.nodes);
  const recipe = await loadRecipe(values.file, ctx.env, { forceSweep: values.sweep });
  printWarnings(ctx, recipe.warnings);
  const bundle = await bundleFor(ctx, recipe);
  if (!bundle.found && !values.json) ctx.stderr.write(`Warning: srtctl bundle not built yet (${bundle.path}); apply needs it\n`);
  const stamp = formatStamp(nowDate(ctx));
  const planned = recipe.jobs.map((job) => planJob(job, { env: ctx.env, recipe, bundle, nodes, jobId: values['job-id'] ?? 'dry-run', generatedAt: stamp, allowInvalidBenchmark: true }));
  for (const p of planned) printWarnings(ctx, [...p.plan.runtime.warnings, ...p.plan.warnings]);
  const failed = await locateRecipeIssues(values.file, recipe, await preflightIssues(recipe, planned, { env: ctx.env, skipClusterFiles: values['no-preflight'] }), ctx.env);
  if (failed !== undefined) throw failed;
  const budgets = (p: PlannedJob) => healthCheckReport(p.config.health_check, recipe.rawDocument, recipe.cluster?.config);
  if (values.json) {
    for (const p of planned) {
      const extra = { ...(recipe.isSweep ? { sweep_index: p.job.index, sweep_params: p.job.params } : {}), health_check: budgets(p) };
      ctx.stdout.write(`${JSON.stringify(planToJson(p.plan, extra), (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v))}\n`);
    }
    if (recipe.isSweep) ctx.stderr.write(`📁 Output: ${await writeSweepFolder(ctx, recipe, planned, stamp)}\n`);
    return 0;
  }
  if (recipe.isSweep) {
    ctx.stdout.write(renderSweepTable(recipe));
    ctx.stdout.write(renderPanel('🔍 DRY-RUN MODE', `Sweep ${recipe.name}: nothing submitted`, `${planned.length} jobs`));
    // A large sweep prints the first plans in full and one line for each other job.
    for (const p of planned.slice(0, SWEEP_PLANS_SHOWN)) ctx.stdout.write(`\n[${p.job.index}/${planned.length}] ${p.job.name}\n${renderPlan(p.plan, { budgets: renderHealthCheckReport(budgets(p)) })}`);
    if (planned.length > SWEEP_PLANS_SHOWN) {
      ctx.stdout.write(`\n${planned.length - SWEEP_PLANS_SHOWN} more jobs planned (--json prints every plan):\n`);
      for (const p of planned.slice(SWEEP_PLANS_SHOWN)) ctx.stdout.write(`  [${p.job.index}/${planned.length}] ${p.job.name}\n`);
    }
    ctx.stdout.write(`📁 Output: ${await writeSweepFolder(ctx, recipe, planned, stamp)}\n`);
    return 0;
  }
  const p = planned[0]!;
  ctx.stdout.write(renderPanel(p.config.name, '🔍 DRY-RUN (orchestrator mode)'));
  ctx.stdout.write(renderPanel('Generated sbatch Script', numbered(p.plan.sbatchScript)));
  ctx.stdout.write(renderPanel('Launch plan', renderPlan(p.plan, { budgets: renderHealthCheckReport(budgets(p)) })));
  return 0;
};

export default dryRun;
