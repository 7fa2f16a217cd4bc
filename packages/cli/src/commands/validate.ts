import { benchmarkIssues } from '@srt/benchmarks';
import { type ConfigIssue, isSrtError, SrtError } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandHandler } from '../context.ts';
import { createStyle } from '../output/style.ts';
import { loadRecipe } from '../recipe/load-recipe.ts';
import { type PlannedJob, planJob } from '../recipe/plan-job.ts';
import { locateRecipeIssues, preflightIssues } from '../recipe/preflight.ts';
import { formatStamp } from '../submit/job-metadata.ts';
import { bundleFor, describeShape, nowDate, printWarnings } from './shared.ts';

export const validateSpec = {
  name: 'validate',
  summary: 'Check a recipe (or every job of a sweep file): schema, benchmark settings, and that the plan fits its nodes, GPUs and ports.',
  flags: {
    file: { type: 'string', short: 'f', value: 'PATH', description: 'Recipe YAML file', required: true },
    sweep: { type: 'boolean', description: 'Treat the file as a sweep even without a top-level sweep: key' },
    'no-preflight': { type: 'boolean', description: 'Skip the checks of files only the cluster may see (model directory, container image)' },
  },
  examples: ['srtctl validate -f examples/mock/agg.yaml'],
} as const satisfies CommandSpec;

/** `srtctl validate -f FILE`: prints `✓ <file>: valid (...)` or every problem. */
const validate: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(validateSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(validateSpec));
    return 0;
  }
  const file = args.values.file;
  const recipe = await loadRecipe(file, ctx.env, { forceSweep: args.values.sweep });
  printWarnings(ctx, recipe.warnings);
  const bundle = await bundleFor(ctx, recipe);
  const problems: string[] = [];
  const located: ConfigIssue[] = [];
  const summaries: string[] = [];
  const planned: PlannedJob[] = [];
  for (const job of recipe.jobs) {
    const where = recipe.isSweep ? `${file} (sweep job ${job.index}: ${job.name})` : file;
    const benchmark = benchmarkIssues(job.config);
    located.push(...benchmark.map((i) => (recipe.isSweep ? { ...i, message: `sweep job ${job.index} (${job.name}): ${i.message}` } : i)));
    try {
      planned.push(planJob(job, { env: ctx.env, recipe, bundle, jobId: 'validate', generatedAt: formatStamp(nowDate(ctx)) }));
    } catch (e) {
      if (!isSrtError(e)) throw e;
      if (e.code === 'SRT_BENCHMARK_INVALID' && benchmark.length > 0) continue;
      problems.push(`${where}: ${e.message}`, ...e.details.map((d) => `  ${d}`));
    }
    summaries.push(`${job.name}: ${describeShape(job.config)}, backend ${job.config.backend.type}, benchmark ${job.config.benchmark.type}`);
  }
  located.push(...(await preflightIssues(recipe, planned, { env: ctx.env, skipClusterFiles: args.values['no-preflight'] })));
  const report = await locateRecipeIssues(file, recipe, located, ctx.env);
  if (report !== undefined || problems.length > 0) {
    throw new SrtError('SRT_CONFIG_INVALID', `${file} is not valid`, { details: [...(report?.details ?? []), ...problems] });
  }
  const ok = createStyle(ctx.stdout, ctx.env.vars).green('✓');
  if (recipe.isSweep) {
    ctx.stdout.write(`${ok} ${file}: valid sweep of ${recipe.jobs.length} job${recipe.jobs.length === 1 ? '' : 's'}\n`);
    for (const s of summaries) ctx.stdout.write(`  ${s}\n`);
  } else ctx.stdout.write(`${ok} ${file}: valid (${summaries[0] ?? ''})\n`);
  return 0;
};

export default validate;
