import { planDeployment, type DeploymentPlan } from '@srt/backends/plan';
import { planBenchmarks } from '@srt/benchmarks/plan';
import {
  type ClusterConfig,
  deriveResources,
  isSrtError,
  type PlannedProcess,
  renderSbatchScript,
  type RuntimeContext,
  type SrtConfig,
} from '@srt/core';
import { renderConfigSnapshot } from '../recipe/config-snapshot.ts';

/** Everything one job will do, computed before anything starts. */
export interface LaunchPlan {
  readonly config: SrtConfig;
  readonly runtime: RuntimeContext;
  readonly deployment: DeploymentPlan;
  /** The benchmark process (`undefined` for `manual`); the first of `benchmarkSteps`. */
  readonly benchmark: PlannedProcess | undefined;
  /** Every benchmark in run order against the same deployment (several with `benchmarks:`). */
  readonly benchmarkSteps: readonly PlannedProcess[];
  readonly sbatchScript: string;
  /** Every process in start order: head services, workers, nginx, frontends, benchmark. */
  readonly processes: readonly PlannedProcess[];
  /** Problems that did not stop planning (only with `allowInvalidBenchmark`). */
  readonly warnings: readonly string[];
}

export interface PlanLaunchOptions {
  /** Cluster file: the `use_*_directive` switches (its defaults are already in the config). */
  readonly cluster?: ClusterConfig | undefined;
  /** Submission environment: `SLURM_ACCOUNT` / `SLURM_PARTITION` fallbacks. */
  readonly vars?: Readonly<Record<string, string | undefined>>;
  /** Where the config came from (comments of the script). */
  readonly configSource?: string;
  /** YAML the job runs from; default: the config itself, serialized. */
  readonly configSnapshot?: string;
  /** `YYYYmmdd_HHMMSS` shown in the script. */
  readonly generatedAt?: string;
  /**
   * Plan without the benchmark instead of failing when its settings are invalid (dry-run
   * shows the rest of the plan; apply and the orchestrator keep the default, strict).
   */
  readonly allowInvalidBenchmark?: boolean;
}

/** SLURM account/partition as the reference picks them: recipe, then `SLURM_*` env, then `default` (empty counts as unset). */
function slurmValue(value: string | null | undefined, envValue: string | undefined, fallback: string): string {
  if (value !== undefined && value !== null && value !== '') return value;
  return envValue === undefined || envValue === '' ? fallback : envValue;
}

function sbatchFor(config: SrtConfig, runtime: RuntimeContext, o: PlanLaunchOptions): string {
  const vars = o.vars ?? {};
  return renderSbatchScript({
    jobName: config.name,
    totalNodes: deriveResources(config.resources).totalNodes,
    gpusPerNode: config.resources.gpus_per_node,
    account: slurmValue(config.slurm.account, vars['SLURM_ACCOUNT'], 'default'),
    partition: slurmValue(config.slurm.partition, vars['SLURM_PARTITION'], 'default'),
    timeLimit: config.slurm.time_limit ?? '01:00:00',
    useGpusPerNodeDirective: o.cluster?.use_gpus_per_node_directive ?? true,
    useSegmentDirective: o.cluster?.use_segment_sbatch_directive ?? true,
    extraDirectives: Object.entries(config.sbatch_directives),
    configSource: o.configSource ?? `${config.name}.yaml`,
    configSnapshot: o.configSnapshot ?? renderConfigSnapshot(config),
    containerImage: runtime.containerImage,
    selfCommand: runtime.selfCommand,
    srtctlRoot: runtime.srtctlRoot,
    generatedAt: o.generatedAt ?? '',
    outputBase: runtime.outputBase,
  });
}

/**
 * Plans one job: the deployment (head services, workers, nginx, frontends), the benchmark
 * and the sbatch script. Pure. `planDeployment` throws `SRT_NODES_EXHAUSTED` / `SRT_PLAN_INVALID`
 * when the plan does not fit the runtime's nodes, GPUs or ports, so dry-run and apply fail
 * before anything starts.
 *
 * @example
 * const plan = planLaunch(config, runtime, { cluster, vars: env.vars, generatedAt: '20250101_120000' });
 * plan.processes.map((p) => `${p.name} on ${p.node}`);
 */
export function planLaunch(config: SrtConfig, runtime: RuntimeContext, opts: PlanLaunchOptions = {}): LaunchPlan {
  const deployment = planDeployment(config, runtime, { cluster: opts.cluster });
  const warnings: string[] = [...(deployment.warnings ?? [])];
  let benchmarkSteps: readonly PlannedProcess[] = [];
  try {
    benchmarkSteps = planBenchmarks(config, runtime, deployment);
  } catch (e) {
    if (opts.allowInvalidBenchmark !== true || !isSrtError(e) || e.code !== 'SRT_BENCHMARK_INVALID') throw e;
    warnings.push(`${e.message} (the plan below has no benchmark; apply refuses it):`, ...e.details.map((d) => `  ${d}`));
  }
  const benchmark = benchmarkSteps[0];
  const processes = [...deployment.processes, ...benchmarkSteps];
  return { config, runtime, deployment, benchmark, benchmarkSteps, sbatchScript: sbatchFor(config, runtime, opts), processes, warnings };
}
