import { isSrtError, SrtError } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { join } from 'node:path';
import { shownPath } from '../output/shown-path.ts';
import type { Recipe, RecipeJob } from '../recipe/load-recipe.ts';
import { editsFrom, loadRecipeInputs } from '../recipe/recipe-inputs.ts';
import { type PlannedJob, planJob, withOverrides } from '../recipe/plan-job.ts';
import { locateRecipeIssues, preflightIssues } from '../recipe/preflight.ts';
import { formatDateTime, formatStamp, parseTags } from '../submit/job-metadata.ts';
import { requireBundle } from '../submit/locate-bundle.ts';
import { checkSbatch, prepareOutputBase, type SubmittedJob, submitJob } from '../submit/submit-job.ts';
import { bundleFor, EDIT_FLAGS, explicitOutputBase, FILE_FLAG, nowDate, OUTPUT_FLAG, printWarnings, renderSweepTable, renderVariantTable } from './shared.ts';

export const applySpec = {
  name: 'apply',
  summary: 'Submit a recipe to SLURM (every job of a sweep file), or run it on this machine with --local.',
  flags: {
    file: FILE_FLAG,
    sweep: { type: 'boolean', description: 'Treat the file as a sweep even without a top-level sweep: key' },
    ...EDIT_FLAGS,
    output: OUTPUT_FLAG,
    'setup-script': { type: 'string', value: 'NAME', description: 'Override setup_script for the job (recorded in its config and metadata)' },
    tags: { type: 'string', value: 'a,b', description: 'Comma-separated tags recorded in every job\'s metadata (<job_id>.json) and --json record' },
    yes: { type: 'boolean', short: 'y', description: 'Do not ask for confirmation before submitting several jobs' },
    json: { type: 'boolean', description: 'Print one JSON record per job as it is submitted (status, job id, name, paths, variant, tags, overrides; or its error)' },
    local: { type: 'boolean', description: 'Run on this machine instead of SLURM (foreground; nodes local-0…, addresses 127.0.0.11+)' },
    'no-preflight': { type: 'boolean', description: 'Skip the checks of files only the cluster may see (setup script, model directory, container image)' },
    wait: { type: 'boolean', description: 'Wait for the submitted jobs to end; exit 0 only when all completed with valid results' },
    stream: { type: 'boolean', description: "With --wait (implied): print the orchestrator's log lines as they are written" },
    'serve-only': { type: 'boolean', description: "Ignore the recipe's benchmark: serve until cancelled, print the endpoint (recorded in status.json)" },
  },
  examples: [
    'srtctl apply -f examples/mock/agg.yaml --tags baseline',
    'srtctl apply -f my-sweep.yaml -y --json',
    'srtctl apply -f recipe.yaml -o /shared/runs      # outputs in /shared/runs/<job_id>',
    'srtctl apply --local -f examples/mock/disagg.yaml',
    'srtctl apply -f recipe.yaml --wait --stream   # CI: live log, exit status of the job',
    'srtctl apply -f recipe.yaml --serve-only      # prints the endpoint once it serves',
  ],
} as const satisfies CommandSpec;

type ApplyValues = Extract<ReturnType<typeof parseFlags<typeof applySpec.flags>>, { help: false }>['values'];

async function confirm(ctx: CommandContext, count: number, yes: boolean): Promise<boolean> {
  if (yes || count <= 1 || ctx.stdout.isTTY !== true || ctx.prompt === undefined) return true;
  const answer = await ctx.prompt(`Submit ${count} jobs to SLURM? [y/N] `);
  return /^y(es)?$/i.test((answer ?? '').trim());
}

/** A recipe's job, planned. */
interface ApplyJob {
  readonly recipe: Recipe;
  readonly planned: PlannedJob;
  /** Its explicit output base (`-o DIR` / cluster `output_dir`), or undefined for `<cwd>/outputs`. */
  readonly outputBase: string | undefined;
}

async function runLocally(ctx: CommandContext, recipes: readonly Recipe[], values: ApplyValues): Promise<number> {
  const { runLocal } = await import('../orchestrator/run-local.ts');
  const jobs = recipes.flatMap((recipe) => recipe.jobs.map((job) => ({ job, outputBase: explicitOutputBase(ctx, recipe, values.output) })));
  const tags = parseTags(values.tags);
  for (const [i, { job, outputBase }] of jobs.entries()) {
    if (jobs.length > 1) ctx.stdout.write(`\n[${i + 1}/${jobs.length}] ${job.name}\n`);
    const config = withOverrides(job.config, { setupScript: values['setup-script'], serveOnly: values['serve-only'] });
    const code = await runLocal(config, {
      env: ctx.env,
      stdout: ctx.stdout,
      stderr: ctx.stderr,
      signal: ctx.signal,
      cwd: ctx.env.cwd,
      outputBase,
      tags,
      origin: { variant: job.variant?.suffix, appliedOverrides: job.appliedOverrides },
      ...(values['serve-only'] ? { serveOnly: true } : {}),
    });
    // A cancelled run (exit 1) or a failed one stops the sweep.
    if (code !== 0 || ctx.signal.aborted) return code;
  }
  return 0;
}

/** The `--json` record of a submitted job (variants-and-workflows §5.3): upstream's keys first. */
export function submittedRecord(s: SubmittedJob, job: RecipeJob, recipe: Recipe, tags: readonly string[]): Record<string, unknown> {
  return {
    status: 'submitted',
    slurm_job_id: s.jobId,
    job_id: s.jobId,
    job_name: s.jobName,
    output_dir: s.outputDir,
    metadata_path: join(s.outputDir, `${s.jobId}.json`),
    config_path: recipe.path,
    runtime_config_path: join(s.outputDir, 'config.yaml'),
    variant: job.variant?.suffix ?? null,
    sweep_params: job.params,
    tags,
    applied_overrides: job.appliedOverrides,
  };
}

/** The `--json` record of an error (one job's, or the command's before anything was submitted). */
export function errorRecord(e: { readonly code: string; readonly message: string; readonly details: readonly string[] }, jobName?: string): Record<string, unknown> {
  return { status: 'error', ...(jobName === undefined ? {} : { job_name: jobName }), code: e.code, error: e.message, details: e.details };
}

function announce(ctx: CommandContext, s: SubmittedJob, prefix: string): void {
  const dir = shownPath(ctx.env.cwd, s.outputDir);
  if (prefix !== '') {
    ctx.stdout.write(`✅ ${prefix}: job ${s.jobId} → ${dir}\n`);
  } else {
    ctx.stdout.write(`✅ Job ${s.jobId} submitted!\n📁 Output: ${dir}\n📋 Monitor: tail -f ${dir}/logs/sweep_${s.jobId}.log\n`);
  }
}

async function submitAll(ctx: CommandContext, jobs: readonly ApplyJob[], values: ApplyValues): Promise<readonly SubmittedJob[]> {
  const tags = parseTags(values.tags);
  const submitted: SubmittedJob[] = [];
  const failures: string[] = [];
  let failed = 0;
  const many = jobs.length > 1;
  for (const [i, { recipe, planned: p, outputBase }] of jobs.entries()) {
    const label = p.job.variant === undefined ? p.job.name : `${p.job.variant.label}: ${p.job.name}`;
    const prefix = many ? `[${i + 1}/${jobs.length}] ${label}` : '';
    if (!values.json && !many) ctx.stdout.write(`🚀 Submitting: ${p.config.name}\n`);
    try {
      const s = await submitJob(ctx.env, {
        config: p.config,
        sbatchScript: p.plan.sbatchScript,
        configSnapshot: p.snapshot,
        tags,
        generatedAt: formatDateTime(nowDate(ctx)),
        origin: { variant: p.job.variant?.suffix, appliedOverrides: p.job.appliedOverrides },
        sourceText: recipe.kind === 'override' ? recipe.text : undefined,
        outputBase,
      });
      submitted.push(s);
      if (values.json) ctx.stdout.write(`${JSON.stringify(submittedRecord(s, p.job, recipe, tags))}\n`);
      else announce(ctx, s, prefix);
    } catch (e) {
      if (!isSrtError(e)) throw e;
      if (values.json) ctx.stdout.write(`${JSON.stringify(errorRecord(e, p.config.name))}\n`);
      if (e.code === 'SRT_SLURM_UNAVAILABLE' || !many) throw Object.assign(e, { recorded: true });
      failed += 1;
      failures.push(`${prefix}: ${e.message}`, ...e.details.map((d) => `  ${d}`));
      ctx.stderr.write(`❌ ${prefix}: ${e.message}\n`);
    }
  }
  if (failed > 0) {
    throw Object.assign(
      new SrtError('SRT_SUBMIT_FAILED', `${failed} of ${jobs.length} jobs were not submitted (the other ${jobs.length - failed} were): fix the cause and resubmit those jobs`, {
        details: failures,
      }),
      { recorded: true },
    );
  }
  if (many && !values.json) {
    const files = new Set(jobs.map((j) => j.recipe)).size;
    ctx.stdout.write(files > 1 ? `✅ Submitted ${jobs.length} jobs from ${files} files\n` : `✅ Sweep complete! Submitted ${jobs.length} jobs.\n`);
  }
  return submitted;
}

/** `srtctl apply -f FILE`: plans every job of every file first (nothing is submitted if one does not fit), then submits each. */
async function applyCommand(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const args = parseFlags(applySpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(applySpec));
    return 0;
  }
  const { values } = args;
  const recipes = await loadRecipeInputs(values.file, ctx, { forceSweep: values.sweep, edits: editsFrom(args.ordered) });
  for (const r of recipes) printWarnings(ctx, r.warnings);
  const stamp = formatStamp(nowDate(ctx));
  if (values.local) {
    return runLocally(ctx, recipes, values);
  }
  await checkSbatch(ctx.env);
  const jobs: ApplyJob[] = [];
  for (const recipe of recipes) {
    const bundle = requireBundle(await bundleFor(ctx, recipe));
    const outputBase = explicitOutputBase(ctx, recipe, values.output);
    for (const job of recipe.jobs) {
      const planned = planJob(job, { env: ctx.env, recipe, bundle, jobId: 'pending', generatedAt: stamp, setupScript: values['setup-script'], serveOnly: values['serve-only'], outputBase });
      jobs.push({ recipe, planned, outputBase });
      printWarnings(ctx, planned.plan.deployment.warnings ?? []);
    }
    if (recipe.kind === 'override' && recipe.selector === undefined) ctx.stderr.write('base not selected (add :base to submit it)\n');
    const preflight = { env: ctx.env, skipClusterFiles: values['no-preflight'], setupScriptFromFlag: values['setup-script'] !== undefined };
    const planned = jobs.filter((j) => j.recipe === recipe).map((j) => j.planned);
    const failed = locateRecipeIssues(recipe.given, recipe, await preflightIssues(recipe, planned, preflight));
    if (failed !== undefined) throw failed;
    if (!values.json && recipe.kind === 'override') ctx.stdout.write(renderVariantTable(recipe, recipe.given));
    else if (!values.json && recipe.isSweep) ctx.stdout.write(renderSweepTable(recipe));
  }
  if (!(await confirm(ctx, jobs.length, values.yes))) {
    if (values.json) ctx.stdout.write(`${JSON.stringify({ status: 'no-submissions' })}\n`);
    else ctx.stdout.write('Submission cancelled.\n');
    return 0;
  }
  for (const base of new Set(jobs.map((j) => j.outputBase))) if (base !== undefined) await prepareOutputBase(base);
  if (jobs.length > 1 && !values.json) ctx.stdout.write(`🚀 Submitting ${jobs.length} jobs${recipes.length === 1 ? ` of ${recipes[0]!.name}` : ''}\n`);
  const submitted = await submitAll(ctx, jobs, values);
  if (values['serve-only']) {
    const { awaitEndpoints } = await import('./serve-only.ts');
    return awaitEndpoints(ctx, submitted);
  }
  if (!values.wait && !values.stream) return 0;
  const { waitAndReport } = await import('./wait.ts');
  const { findJob } = await import('../ledger/find-jobs.ts');
  return waitAndReport(ctx, submitted.map((s) => findJob(s.outputDir, ctx.env.cwd, [])), { stream: values.stream });
}

/** With `--json`, a failure before or during submission is also one error record on stdout. */
const apply: CommandHandler = async (argv, ctx) => {
  try {
    return await applyCommand(argv, ctx);
  } catch (e) {
    if (argv.includes('--json') && isSrtError(e) && (e as { recorded?: boolean }).recorded !== true) ctx.stdout.write(`${JSON.stringify(errorRecord(e))}\n`);
    throw e;
  }
};

export default apply;
