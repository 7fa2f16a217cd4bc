import { benchmarkIssues } from '@srt/benchmarks/plan';
import { type ConfigIssue, isSrtError, SrtError } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandHandler } from '../context.ts';
import { createStyle } from '../output/style.ts';
import { type PlannedJob, planJob } from '../recipe/plan-job.ts';
import { locateRecipeIssues, preflightIssues } from '../recipe/preflight.ts';
import { editsFrom, loadRecipeInputs } from '../recipe/recipe-inputs.ts';
import { formatStamp } from '../submit/job-metadata.ts';
import { bundleFor, describeShape, EDIT_FLAGS, explicitOutputBase, FILE_FLAG, jobWhere, nowDate, OUTPUT_FLAG, printWarnings } from './shared.ts';

export const validateSpec = {
  name: 'validate',
  summary: 'Check a recipe (every job of a sweep, every variant of an override file, every recipe of a directory): schema, benchmark settings, and that the plan fits its nodes, GPUs and ports.',
  flags: {
    file: FILE_FLAG,
    sweep: { type: 'boolean', description: 'Treat the file as a sweep even without a top-level sweep: key' },
    'no-preflight': { type: 'boolean', description: 'Skip the checks of files only the cluster may see (setup script, model directory, container image)' },
    ...EDIT_FLAGS,
    output: OUTPUT_FLAG,
  },
  examples: ['srtctl validate -f examples/mock/agg.yaml', 'srtctl validate -f variants.yaml:override_lowmem --set benchmark.concurrencies=[4,8]', 'cat r.yaml | srtctl validate -f -'],
} as const satisfies CommandSpec;

/** `srtctl validate -f FILE`: prints `✓ <file>: valid (...)` for each recipe, or every problem of every recipe. */
const validate: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(validateSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(validateSpec));
    return 0;
  }
  const recipes = await loadRecipeInputs(args.values.file, ctx, { forceSweep: args.values.sweep, edits: editsFrom(args.ordered) });
  const problems: string[] = [];
  const out: string[] = [];
  const ok = createStyle(ctx.stdout, ctx.env.vars).green('✓');
  for (const recipe of recipes) {
    const file = recipe.given;
    printWarnings(ctx, recipe.warnings);
    const bundle = await bundleFor(ctx, recipe);
    const outputBase = explicitOutputBase(ctx, recipe, args.values.output);
    const located: ConfigIssue[] = [];
    const unlocated: string[] = [];
    const summaries: string[] = [];
    const planned: PlannedJob[] = [];
    for (const job of recipe.jobs) {
      const where = jobWhere(recipe, job, file);
      const label = job.variant !== undefined ? `${job.variant.label} (${job.name}): ` : recipe.isSweep ? `sweep job ${job.index} (${job.name}): ` : '';
      const benchmark = benchmarkIssues(job.config);
      located.push(...benchmark.map((i) => ({ ...i, message: `${label}${i.message}` })));
      try {
        planned.push(planJob(job, { env: ctx.env, recipe, bundle, jobId: 'validate', generatedAt: formatStamp(nowDate(ctx)), outputBase, snapshot: false }));
      } catch (e) {
        if (!isSrtError(e)) throw e;
        if (e.code === 'SRT_BENCHMARK_INVALID' && benchmark.length > 0) continue;
        unlocated.push(`${where}: ${e.message}`, ...e.details.map((d) => `  ${d}`));
      }
      summaries.push(`${job.name}: ${describeShape(job.config)}, backend ${job.config.backend.type}, benchmark ${job.config.benchmark.type}`);
    }
    located.push(...(await preflightIssues(recipe, planned, { env: ctx.env, skipClusterFiles: args.values['no-preflight'] })));
    const report = locateRecipeIssues(file, recipe, located);
    problems.push(...(report?.details ?? []), ...unlocated);
    const n = recipe.jobs.length;
    if (recipe.kind === 'single') out.push(`${ok} ${file}: valid (${summaries[0] ?? ''})\n`);
    else {
      out.push(`${ok} ${file}: valid ${recipe.kind === 'override' ? 'override file' : 'sweep'} of ${n} job${n === 1 ? '' : 's'}\n`);
      out.push(...summaries.map((s) => `  ${s}\n`));
    }
  }
  if (problems.length > 0) {
    throw new SrtError('SRT_CONFIG_INVALID', `${args.values.file} is not valid`, { details: problems });
  }
  for (const line of out) ctx.stdout.write(line);
  return 0;
};

export default validate;
