import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeReport } from '@srt/benchmarks';
import { type ClusterConfig, createRuntimeContext, srtctlConfigsDir, deriveResources, type Env, loadClusterConfig, parseClusterConfig, type SrtConfig, writeOutputFileSync } from '@srt/core';
import type { Output } from '../context.ts';
import { planLaunch } from '../plan/plan-launch.ts';
import { renderConfigSnapshot } from '../recipe/config-snapshot.ts';
import { shownPath } from '../output/shown-path.ts';
import { createJobMetadata, formatDateTime, formatStamp, type JobOrigin } from '../submit/job-metadata.ts';
import { createLocalExecutor } from './local-executor.ts';
import { createLog } from './log.ts';
import { renderLocalSummary } from './render-local-summary.ts';
import { recordRun } from './record-run.ts';
import { runPlan } from './run-plan.ts';
import { findResultFiles } from './find-result-files.ts';
import { resolveSelfCommand } from './self-command.ts';

export interface RunLocalOptions {
  readonly env: Env;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Aborting it (Ctrl-C) stops the run with the same cleanup as on SLURM. */
  readonly signal?: AbortSignal;
  /** The working directory of the run: `outputs/<job_id>/` goes here unless `outputBase` is given (default `env.cwd`). */
  readonly cwd?: string;
  /** Between SIGTERM and SIGKILL at cleanup (default 10 s). */
  readonly graceMs?: number;
  /** `apply --serve-only`: recorded in status.json (the config's benchmark is already `manual`). */
  readonly serveOnly?: boolean;
  /** An explicit output base (`-o DIR` / cluster `output_dir`, absolute); default `<cwd>/outputs`. */
  readonly outputBase?: string | undefined;
  /** `--tags`, recorded in `<job_id>.json` as for a submitted job. */
  readonly tags?: readonly string[];
  /** The variant and `--set` edits, recorded in `<job_id>.json` as for a submitted job. */
  readonly origin?: JobOrigin;
}

/** `local-YYYYmmdd-HHMMSS` in local time. */
export function localJobId(d: Date): string {
  return `local-${formatStamp(d).replace('_', '-')}`;
}

/** The plan's nodes on this machine: `local-<i>` at `127.0.0.<11+i>`, so each "node" can bind the same ports. */
export function localNodes(count: number): { readonly nodes: readonly string[]; readonly nodeAddrs: ReadonlyMap<string, string> } {
  const nodes = Array.from({ length: count }, (_, i) => `local-${i}`);
  return { nodes, nodeAddrs: new Map(nodes.map((n, i) => [n, `127.0.0.${11 + i}`])) };
}

/**
 * Runs a recipe on this machine, in the foreground, with the same plan and orchestrator as a
 * SLURM job: job id `local-<stamp>`, no containers, every process a child of this one. Writes
 * `outputs/<job_id>/{config.yaml,<job_id>.json}` and logs under `outputs/<job_id>/logs/`, prints
 * progress and a summary, and returns the orchestrator's exit code.
 *
 * @example
 * const code = await runLocal(config, { env: nodeEnv(), stdout, stderr, signal });
 */
export async function runLocal(config: SrtConfig, opts: RunLocalOptions): Promise<number> {
  const { env } = opts;
  const cwd = opts.cwd ?? env.cwd;
  const started = new Date(env.now());
  const jobId = localJobId(started);
  const cluster = await localCluster({ ...env, cwd });
  const self = await resolveSelfCommand({ ...env, cwd }, cluster);
  const { nodes, nodeAddrs } = localNodes(deriveResources(config.resources).totalNodes);
  const runtime = createRuntimeContext(config, { jobId, nodes, nodeAddrs }, { cwd, vars: env.vars, cluster, selfCommand: self.argv, srtctlRoot: self.root, configsDir: srtctlConfigsDir(self.root), outputBase: opts.outputBase });
  const plan = planLaunch(config, runtime, { cluster, vars: env.vars });
  mkdirSync(runtime.logDir, { recursive: true });
  writeOutputFileSync(join(runtime.outputDir, 'config.yaml'), renderConfigSnapshot(config));
  const metadata = { ...createJobMetadata(config, { jobId, generatedAt: formatDateTime(started), tags: opts.tags ?? [], ...(opts.origin === undefined ? {} : { origin: opts.origin }) }), executor: 'local' };
  writeOutputFileSync(join(runtime.outputDir, `${jobId}.json`), `${JSON.stringify(metadata, null, 2)}\n`);
  const logFile = join(runtime.logDir, `orchestrator_${jobId}.log`);
  // Room for the last lines should the outputs' disk fill up.
  const reserve = await (await import('./disk-reserve.ts')).createDiskReserve(runtime.logDir);
  // A full disk must not end the run with a stack trace: the log then goes on here only, and
  // once more in the file after the reserve is freed for the last lines.
  let logBroken = false;
  let retried = false;
  const tee: Output = {
    write: (text) => {
      opts.stdout.write(text);
      if (logBroken && (retried || !reserve.released())) return;
      const resumed = logBroken;
      if (resumed) retried = true;
      try {
        appendFileSync(logFile, resumed ? `\n${text}` : text);
        logBroken = false;
      } catch (e) {
        logBroken = true;
        if (!resumed) opts.stdout.write(`Warning: cannot write ${logFile} (${String((e as { code?: unknown }).code ?? e)}): the log continues on this terminal only\n`);
      }
    },
  };
  opts.stdout.write(`Running ${config.name} locally as ${jobId} (${nodes.length} node${nodes.length === 1 ? '' : 's'}, outputs in ${shownPath(cwd, runtime.outputDir)})\n`);
  const log = createLog(tee, { now: env.now });
  const result = await runPlan(plan, {
    executor: createLocalExecutor({ vars: env.vars, cwd }),
    env,
    log,
    reserve,
    ...recordRun({ runtime, jobName: config.name, executor: 'local', orchestratorLog: logFile, env: { ...env, cwd }, log, onWriteError: (e) => reserve.noteWriteError(e), ...(opts.serveOnly ? { serveOnly: true } : {}) }),
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    ...(opts.graceMs === undefined ? {} : { graceMs: opts.graceMs }),
  });
  await reserve.drop();
  const resultFiles = findResultFiles(runtime.logDir);
  opts.stdout.write(renderLocalSummary({ runtime, processes: plan.processes, result, cwd, orchestratorLog: logFile, resultFiles }));
  if (resultFiles.some((f) => f.endsWith('.json') && basename(f).startsWith('isl_'))) {
    const report = await writeReport([runtime.outputDir], { out: join(runtime.outputDir, 'report.html'), generatedAt: formatDateTime(new Date(env.now())) });
    opts.stdout.write(`\n${report.table}Report:    ${shownPath(cwd, report.out)}\n`);
  }
  return result.exitCode;
}

/** The cluster file's settings (when there is one) with containers off: nothing runs in a container here. */
async function localCluster(env: Pick<Env, 'vars' | 'cwd' | 'fileExists' | 'readFile'>): Promise<ClusterConfig> {
  const loaded = await loadClusterConfig(env);
  const base = loaded?.config ?? parseClusterConfig('', { source: '(defaults)' }).config;
  return { ...base, container_runtime: 'none' };
}
