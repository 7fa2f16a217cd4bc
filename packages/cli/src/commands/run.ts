import { join, resolve } from 'node:path';
import { backendSchemas } from '@srt/backends/plan';
import { createRuntimeContext, loadConfig, readCluster, resolveOutputBase, SrtError, srtctlConfigsDir } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage, usageError } from '../args.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { loadRecipe } from '../recipe/load-recipe.ts';
import { printWarnings } from './shared.ts';
import { createLog } from '../orchestrator/log.ts';
import { recordRun } from '../orchestrator/record-run.ts';
import { runPlan } from '../orchestrator/run-plan.ts';
import { resolveSelfCommand } from '../orchestrator/self-command.ts';
import { createSlurmExecutor } from '../orchestrator/slurm-executor.ts';
import { planLaunch } from '../plan/plan-launch.ts';

export const runSpec = {
  name: 'run',
  summary:
    'The in-job orchestrator (was srtctl-sweep): run the job of CONFIG inside its SLURM allocation, with srun steps on the allocated nodes. With -f RECIPE: run a recipe inside an allocation you hold (salloc), which stays alive afterwards.',
  flags: {
    file: { type: 'string', short: 'f', value: 'RECIPE', description: 'Run this recipe inside the current allocation (salloc / interactive job); outputs in outputs/<job_id>.<n>/ (or -o DIR)' },
    output: {
      type: 'string',
      short: 'o',
      value: 'DIR',
      description: 'Output base: the job folder is DIR/<job_id> (the batch script passes the one apply decided; default ./outputs; with -f: output_dir of srtslurm.yaml, else ./outputs)',
    },
    debug: { type: 'boolean', description: 'Also print DEBUG log records (registry events, srun details)' },
  },
  positionals: [{ name: 'CONFIG', required: false }],
  examples: ['srtctl run outputs/$SLURM_JOB_ID/config.yaml   # what the batch script runs', 'salloc -N 3 … && srtctl run -f examples/mock/disagg.yaml   # inside an allocation you hold', 'srtctl run -f recipe.yaml -o /shared/runs   # outputs in /shared/runs/<job_id>.<n>'],
} as const satisfies CommandSpec;

/**
 * `srtctl run CONFIG` (cli.md §9): loads the config (srtslurm.yaml from the job's cwd), reads the
 * allocation (`SLURM_JOB_ID`, node list, node addresses), plans the launch and runs it with the
 * slurm executor. Exits with the orchestrator's code (orchestrator.md §9).
 */
const run: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(runSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(runSpec));
    return 0;
  }
  const { env } = ctx;
  if (args.values.file !== undefined) {
    if (args.positionals.length > 0) throw usageError(runSpec, 'give either CONFIG or -f RECIPE, not both');
    return runRecipeHere(args.values.file, args.values, ctx);
  }
  const file = args.positionals[0];
  if (file === undefined) throw usageError(runSpec, 'missing argument CONFIG (or -f RECIPE to run a recipe inside your allocation)');
  const path = resolve(env.cwd, file);
  if (!(await env.fileExists(path))) throw new SrtError('SRT_CONFIG_NOT_FOUND', `Config file not found: ${path}`);
  const loaded = await loadConfig(path, { env, backends: backendSchemas });
  const jobId = env.vars['SLURM_JOB_ID'] ?? env.vars['SLURM_JOBID'];
  if (jobId === undefined || jobId === '') {
    throw new SrtError(
      'SRT_SLURM_UNAVAILABLE',
      'Not running in SLURM (SLURM_JOB_ID not set): `srtctl run` is what the batch script runs inside the allocation. Submit with `srtctl apply -f <recipe>`, or run on this machine with `srtctl apply --local -f <recipe>`.',
    );
  }
  // The batch script passes the base apply decided (-o); without it the job folder is <cwd>/outputs,
  // as in the script: the cluster file is not read again for it, so an edit after submission cannot move the job.
  const base = resolveOutputBase(args.values.output, undefined, env);
  const clusterConfig = loaded.cluster?.config;
  const cluster = await readCluster(env);
  const self = await resolveSelfCommand(env, clusterConfig);
  const runtime = createRuntimeContext(loaded.config, cluster, {
    cwd: env.cwd,
    vars: env.vars,
    cluster: clusterConfig,
    selfCommand: self.argv,
    srtctlRoot: self.root,
    configsDir: srtctlConfigsDir(self.root),
    outputBase: base.from === 'default' ? undefined : base.path,
  });
  const plan = planLaunch(loaded.config, runtime, { cluster: clusterConfig, vars: env.vars });
  // A job Slurm requeued starts clean: the previous run's logs and results are in logs/requeued_run_<n>/
  // (moved there by that run when it saw the requeue, or now). The batch log and the batch script's
  // tee of the orchestrator log are this run's already (Slurm and tee truncated them): they stay.
  const requeue = await import('../orchestrator/requeue.ts');
  const orchestratorLog = join(runtime.logDir, `orchestrator_${runtime.jobId}.log`);
  const batchLog = `sweep_${runtime.jobId}.log`;
  const requeued = await requeue.archivePreviousRun(runtime.logDir, env.vars['SLURM_RESTART_COUNT'], [batchLog, `orchestrator_${runtime.jobId}.log`]);
  // Room for the last lines should the outputs' disk fill up (tee then stops writing the log, and
  // exits once the batch log failed too: the run goes on without its stdout, to clean up and say why).
  ctx.stdout.survivesBrokenPipe?.();
  ctx.stderr.survivesBrokenPipe?.();
  const reserve = await (await import('../orchestrator/disk-reserve.ts')).createDiskReserve(runtime.logDir);
  const log = createLog(reserve.tracked(ctx.stdout, orchestratorLog), { now: env.now, level: args.values.debug ? 'DEBUG' : 'INFO' });
  if (requeued !== undefined) log.warn(requeued);
  const result = await runPlan(plan, {
    executor: createSlurmExecutor({ runtime, vars: env.vars, cwd: env.cwd }),
    env,
    signal: ctx.signal,
    log,
    reserve,
    ...(env.vars['SLURMD_NODENAME'] === undefined ? {} : { thisNode: env.vars['SLURMD_NODENAME'] }),
    ...recordRun({ runtime, jobName: loaded.config.name, executor: 'slurm', orchestratorLog, env, log, onWriteError: (e) => reserve.noteWriteError(e) }),
  });
  await reserve.drop();
  if (result.outcome === 'cancelled') {
    const archived = await requeue.archiveRequeuedRun({ env, jobId: runtime.jobId, logDir: runtime.logDir, outputDir: runtime.outputDir, restartCount: env.vars['SLURM_RESTART_COUNT'], keep: [batchLog] });
    if (archived !== undefined) log.warn(archived);
  }
  return result.exitCode;
};

/** `srtctl run -f RECIPE`: one recipe (not a sweep) inside the allocation of this shell. */
async function runRecipeHere(file: string, o: { readonly debug: boolean; readonly output: string | undefined }, ctx: CommandContext): Promise<number> {
  const { env } = ctx;
  const jobId = env.vars['SLURM_JOB_ID'] ?? env.vars['SLURM_JOBID'];
  if (jobId === undefined || jobId === '') {
    throw new SrtError(
      'SRT_SLURM_UNAVAILABLE',
      'Not inside a SLURM allocation (SLURM_JOB_ID not set): `srtctl run -f` runs in an allocation you hold (`salloc -N <nodes> …`, then run it in that shell). To submit a batch job use `srtctl apply -f <recipe>`.',
    );
  }
  const recipe = await loadRecipe(file, env);
  if (recipe.jobs.length !== 1) throw new SrtError('SRT_SWEEP_INVALID', `${recipe.path} is a sweep of ${recipe.jobs.length} jobs: \`srtctl run -f\` runs one recipe; run each job's recipe, or submit the sweep with \`srtctl apply -f\``);
  printWarnings(ctx, recipe.warnings);
  const { runInAllocation } = await import('../orchestrator/run-in-allocation.ts');
  const base = resolveOutputBase(o.output, recipe.cluster, env);
  return runInAllocation(recipe.jobs[0]!.config, { env, stdout: ctx.stdout, cluster: recipe.cluster?.config, signal: ctx.signal, debug: o.debug, outputBase: base.from === 'default' ? undefined : base.path });
}

export default run;
