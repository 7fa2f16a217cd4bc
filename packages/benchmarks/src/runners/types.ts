import type { Process, RuntimeContext, SrtConfig } from '@srt/core';

/** Benchmark types with a runner (`manual` has none: the orchestrator just serves). */
export const BENCHMARK_TYPES = ['custom', 'gpqa', 'longbenchv2', 'mmlu', 'profiling', 'router', 'sa-bench'] as const;
export type BenchmarkType = (typeof BENCHMARK_TYPES)[number];

/** What a runner needs to know about the running deployment. */
export interface BenchmarkDeployment {
  /** The public endpoint (nginx or the single frontend), e.g. `http://10.0.0.1:8000`. */
  readonly publicUrl: string;
  /** Worker processes (`DeploymentPlan.workers`); profiling reaches each leader directly. */
  readonly workers: readonly Pick<Process, 'node' | 'httpPort' | 'sysPort' | 'isLeader' | 'endpointMode' | 'endpointIndex'>[];
}

/** The benchmark's command, before the orchestrator wraps it in srun or a local process. */
export interface BenchmarkCommand {
  readonly argv: readonly string[];
  /** Ordered environment exports. */
  readonly env: readonly (readonly [string, string])[];
  /** Run in the worker container (eval scripts need the engine's Python); false = on the host. */
  readonly container: boolean;
  /** Image for this process instead of the job's (`benchmark.container_image`). */
  readonly containerImage?: string;
}

/** One benchmark type: its validation and its command. Plain objects, `satisfies BenchmarkRunner`. */
export interface BenchmarkRunner {
  readonly type: BenchmarkType;
  /** Display name for logs (`SA-Bench`, `MMLU`, …). */
  readonly name: string;
  /** Problems with the recipe for this benchmark, one line each (empty when fine). */
  readonly validate: (config: SrtConfig) => readonly string[];
  readonly plan: (config: SrtConfig, runtime: RuntimeContext, deployment: BenchmarkDeployment) => BenchmarkCommand;
}
