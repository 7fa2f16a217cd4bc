import { join, resolve } from 'node:path';
import { backendSchemas } from '@srt/backends';
import { createRuntimeContext, loadConfig, readCluster, SrtError } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandHandler } from '../context.ts';
import { createLog } from '../orchestrator/log.ts';
import { recordRun } from '../orchestrator/record-run.ts';
import { runPlan } from '../orchestrator/run-plan.ts';
import { resolveSelfCommand } from '../orchestrator/self-command.ts';
import { createSlurmExecutor } from '../orchestrator/slurm-executor.ts';
import { planLaunch } from '../plan/plan-launch.ts';

export const runSpec = {
  name: 'run',
  summary: 'The in-job orchestrator (was srtctl-sweep): run the job of CONFIG inside its SLURM allocation, with srun steps on the allocated nodes.',
  flags: {
    debug: { type: 'boolean', description: 'Also print DEBUG log records (registry events, srun details)' },
  },
  positionals: [{ name: 'CONFIG', required: true }],
  examples: ['srtctl run outputs/$SLURM_JOB_ID/config.yaml   # what the batch script runs'],
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
  const file = args.positionals[0]!; // parseFlags requires exactly one (runSpec.positionals)
  const { env } = ctx;
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
  const clusterConfig = loaded.cluster?.config;
  const cluster = await readCluster(env);
  const self = await resolveSelfCommand(env, clusterConfig);
  const runtime = createRuntimeContext(loaded.config, cluster, { cwd: env.cwd, vars: env.vars, cluster: clusterConfig, selfCommand: self.argv, srtctlRoot: self.root });
  const plan = planLaunch(loaded.config, runtime, { cluster: clusterConfig, vars: env.vars });
  const log = createLog(ctx.stdout, { now: env.now, level: args.values.debug ? 'DEBUG' : 'INFO' });
  const orchestratorLog = join(runtime.logDir, `orchestrator_${runtime.jobId}.log`);
  const result = await runPlan(plan, {
    executor: createSlurmExecutor({ runtime, vars: env.vars, cwd: env.cwd }),
    env,
    signal: ctx.signal,
    log,
    ...recordRun({ runtime, jobName: loaded.config.name, executor: 'slurm', orchestratorLog, env, log }),
  });
  return result.exitCode;
};

export default run;
