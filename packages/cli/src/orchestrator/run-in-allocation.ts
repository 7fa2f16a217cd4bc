import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClusterConfig, createRuntimeContext, deriveResources, type Env, readCluster, type SrtConfig, SrtError, srtctlConfigsDir } from '@srt/core';
import type { Output } from '../context.ts';
import { shownPath } from '../output/shown-path.ts';
import { planLaunch } from '../plan/plan-launch.ts';
import { renderConfigSnapshot } from '../recipe/config-snapshot.ts';
import { createJobMetadata, formatDateTime } from '../submit/job-metadata.ts';
import { createLog } from './log.ts';
import { recordRun } from './record-run.ts';
import { runPlan } from './run-plan.ts';
import { resolveSelfCommand } from './self-command.ts';
import { createSlurmExecutor } from './slurm-executor.ts';

export interface RunInAllocationOptions {
  readonly env: Env;
  readonly stdout: Output;
  readonly cluster: ClusterConfig | undefined;
  readonly signal?: AbortSignal;
  readonly debug?: boolean;
  /** An explicit output base (`-o DIR` / cluster `output_dir`, absolute); default `<cwd>/outputs`. */
  readonly outputBase?: string | undefined;
}

/** `<allocation id>.<n>`: the first run id of this allocation whose output folder under `base` (`<cwd>/outputs`, or `-o DIR`) does not exist yet. */
export function allocationRunId(base: string, allocationId: string): string {
  for (let n = 1; ; n++) {
    const id = `${allocationId}.${n}`;
    if (!existsSync(join(base, id))) return id;
  }
}

/**
 * `srtctl run -f recipe.yaml` inside an allocation someone already holds (salloc, an interactive
 * job): plans the recipe onto the allocated nodes (its first N; fewer than N is an error), runs the
 * same orchestrator with srun steps, and leaves the allocation alive. Outputs go to
 * `outputs/<job_id>.<n>/` (or `<-o DIR>/<job_id>.<n>/`; one folder per run of the allocation), with status.json as for a
 * submitted job.
 */
export async function runInAllocation(config: SrtConfig, opts: RunInAllocationOptions): Promise<number> {
  const { env } = opts;
  const allocation = await readCluster(env);
  const needed = deriveResources(config.resources).totalNodes;
  if (allocation.nodes.length < needed) {
    throw new SrtError(
      'SRT_NODES_EXHAUSTED',
      `${config.name} needs ${needed} nodes but allocation ${allocation.jobId} has ${allocation.nodes.length} (${allocation.nodes.join(', ')}): allocate at least ${needed} (\`salloc -N ${needed} …\`) or shrink resources in the recipe`,
    );
  }
  const nodes = allocation.nodes.slice(0, needed);
  const jobId = allocationRunId(opts.outputBase ?? join(env.cwd, 'outputs'), allocation.jobId);
  const self = await resolveSelfCommand(env, opts.cluster);
  const runtime = createRuntimeContext(config, { jobId, nodes, nodeAddrs: allocation.nodeAddrs }, { cwd: env.cwd, vars: env.vars, cluster: opts.cluster, selfCommand: self.argv, srtctlRoot: self.root, configsDir: srtctlConfigsDir(self.root), outputBase: opts.outputBase });
  const plan = planLaunch(config, runtime, { cluster: opts.cluster, vars: env.vars });
  mkdirSync(runtime.logDir, { recursive: true });
  writeFileSync(join(runtime.outputDir, 'config.yaml'), renderConfigSnapshot(config));
  const metadata = { ...createJobMetadata(config, { jobId, generatedAt: formatDateTime(new Date(env.now())), tags: [] }), allocation: allocation.jobId, nodes };
  writeFileSync(join(runtime.outputDir, `${jobId}.json`), `${JSON.stringify(metadata, null, 2)}\n`);
  const logFile = join(runtime.logDir, `orchestrator_${jobId}.log`);
  const tee: Output = { write: (text) => (opts.stdout.write(text), appendFileSync(logFile, text)) };
  opts.stdout.write(`Running ${config.name} in allocation ${allocation.jobId} as ${jobId} on ${nodes.join(', ')} (outputs in ${shownPath(env.cwd, runtime.outputDir)})\n`);
  const log = createLog(tee, { now: env.now, level: opts.debug ? 'DEBUG' : 'INFO' });
  const result = await runPlan(plan, {
    executor: createSlurmExecutor({ runtime, vars: env.vars, cwd: env.cwd }),
    env,
    log,
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    ...recordRun({ runtime, jobName: config.name, executor: 'slurm', orchestratorLog: logFile, env, log }),
  });
  return result.exitCode;
}
