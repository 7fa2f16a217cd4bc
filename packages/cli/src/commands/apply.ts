import { isSrtError, SrtError } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { loadRecipe, type Recipe } from '../recipe/load-recipe.ts';
import { type PlannedJob, planJob, withOverrides } from '../recipe/plan-job.ts';
import { formatDateTime, formatStamp, parseTags } from '../submit/job-metadata.ts';
import { requireBundle } from '../submit/locate-bundle.ts';
import { checkSbatch, type SubmittedJob, submitJob } from '../submit/submit-job.ts';
import { bundleFor, nowDate, printWarnings, renderSweepTable } from './shared.ts';

export const applySpec = {
  name: 'apply',
  summary: 'Submit a recipe to SLURM (every job of a sweep file), or run it on this machine with --local.',
  flags: {
    file: { type: 'string', short: 'f', value: 'PATH', description: 'Recipe YAML file', required: true },
    sweep: { type: 'boolean', description: 'Treat the file as a sweep even without a top-level sweep: key' },
    'setup-script': { type: 'string', value: 'NAME', description: 'Override setup_script for the job (recorded in its config and metadata)' },
    tags: { type: 'string', value: 'a,b', description: 'Comma-separated tags recorded in the job metadata' },
    yes: { type: 'boolean', short: 'y', description: 'Do not ask for confirmation before submitting several jobs' },
    json: { type: 'boolean', description: 'Print one JSON line per submitted job: {job_id, job_name, output_dir}' },
    local: { type: 'boolean', description: 'Run on this machine instead of SLURM (foreground; nodes local-0…, addresses 127.0.0.11+)' },
    wait: { type: 'boolean', description: 'Wait for the submitted jobs to end; exit 0 only when all completed with valid results' },
    stream: { type: 'boolean', description: "With --wait (implied): print the orchestrator's log lines as they are written" },
    'serve-only': { type: 'boolean', description: "Ignore the recipe's benchmark: serve until cancelled, print the endpoint (recorded in status.json)" },
  },
  examples: [
    'srtctl apply -f recipes/example.yaml --tags baseline',
    'srtctl apply -f sweep.yaml -y --json',
    'srtctl apply --local -f recipes/mock/disagg.yaml',
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

async function runLocally(ctx: CommandContext, recipe: Recipe, values: ApplyValues): Promise<number> {
  const { runLocal } = await import('../orchestrator/run-local.ts');
  for (const job of recipe.jobs) {
    if (recipe.isSweep) ctx.stdout.write(`\n[${job.index}/${recipe.jobs.length}] ${job.name}\n`);
    const config = withOverrides(job.config, { setupScript: values['setup-script'], serveOnly: values['serve-only'] });
    const code = await runLocal(config, { env: ctx.env, stdout: ctx.stdout, stderr: ctx.stderr, signal: ctx.signal, cwd: ctx.env.cwd, ...(values['serve-only'] ? { serveOnly: true } : {}) });
    // A cancelled run (exit 1) or a failed one stops the sweep.
    if (code !== 0 || ctx.signal.aborted) return code;
  }
  return 0;
}

function announce(ctx: CommandContext, s: SubmittedJob, values: ApplyValues, sweepPrefix: string): void {
  if (values.json) {
    ctx.stdout.write(`${JSON.stringify({ job_id: s.jobId, job_name: s.jobName, output_dir: s.outputDir })}\n`);
  } else if (sweepPrefix !== '') {
    ctx.stdout.write(`✅ ${sweepPrefix}: job ${s.jobId} → outputs/${s.jobId}\n`);
  } else {
    ctx.stdout.write(`✅ Job ${s.jobId} submitted!\n📁 Output: outputs/${s.jobId}\n📋 Monitor: tail -f outputs/${s.jobId}/logs/sweep_${s.jobId}.log\n`);
  }
}

async function submitAll(ctx: CommandContext, recipe: Recipe, planned: readonly PlannedJob[], values: ApplyValues): Promise<readonly SubmittedJob[]> {
  const tags = parseTags(values.tags);
  const submitted: SubmittedJob[] = [];
  const failures: string[] = [];
  let failed = 0;
  for (const p of planned) {
    const prefix = recipe.isSweep ? `[${p.job.index}/${planned.length}] ${p.job.name}` : '';
    if (!values.json && !recipe.isSweep) ctx.stdout.write(`🚀 Submitting: ${p.config.name}\n`);
    try {
      const s = await submitJob(ctx.env, { config: p.config, sbatchScript: p.plan.sbatchScript, configSnapshot: p.snapshot, tags, generatedAt: formatDateTime(nowDate(ctx)) });
      announce(ctx, s, values, prefix);
      submitted.push(s);
    } catch (e) {
      if (!isSrtError(e) || e.code === 'SRT_SLURM_UNAVAILABLE' || !recipe.isSweep) throw e;
      failed += 1;
      failures.push(`${prefix}: ${e.message}`, ...e.details.map((d) => `  ${d}`));
      ctx.stderr.write(`❌ ${prefix}: ${e.message}\n`);
    }
  }
  if (failed > 0) {
    throw new SrtError('SRT_SUBMIT_FAILED', `${failed} of ${planned.length} sweep jobs were not submitted (the other ${planned.length - failed} were): fix the cause and resubmit those jobs`, {
      details: failures,
    });
  }
  if (recipe.isSweep && !values.json) ctx.stdout.write(`✅ Sweep complete! Submitted ${planned.length} jobs.\n`);
  return submitted;
}

/** `srtctl apply -f FILE`: plans every job first (nothing is submitted if one does not fit), then submits each. */
const apply: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(applySpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(applySpec));
    return 0;
  }
  const { values } = args;
  const recipe = await loadRecipe(values.file, ctx.env, { forceSweep: values.sweep });
  printWarnings(ctx, recipe.warnings);
  if (values.local) return runLocally(ctx, recipe, values);
  await checkSbatch(ctx.env);
  const bundle = requireBundle(await bundleFor(ctx, recipe));
  const stamp = formatStamp(nowDate(ctx));
  const planned = recipe.jobs.map((job) =>
    planJob(job, { env: ctx.env, recipe, bundle, jobId: 'pending', generatedAt: stamp, setupScript: values['setup-script'], serveOnly: values['serve-only'] }),
  );
  if (recipe.isSweep && !values.json) ctx.stdout.write(renderSweepTable(recipe));
  if (!(await confirm(ctx, planned.length, values.yes))) {
    ctx.stdout.write('Submission cancelled.\n');
    return 0;
  }
  if (recipe.isSweep && !values.json) ctx.stdout.write(`🚀 Submitting ${planned.length} jobs of ${recipe.name}\n`);
  const submitted = await submitAll(ctx, recipe, planned, values);
  if (values['serve-only']) {
    const { awaitEndpoints } = await import('./serve-only.ts');
    return awaitEndpoints(ctx, submitted);
  }
  if (!values.wait && !values.stream) return 0;
  const { waitAndReport } = await import('./wait.ts');
  const { findJob } = await import('../ledger/find-jobs.ts');
  const jobs = submitted.map((s) => findJob(s.outputDir, ctx.env.cwd, []));
  return waitAndReport(ctx, jobs, { stream: values.stream });
};

export default apply;
