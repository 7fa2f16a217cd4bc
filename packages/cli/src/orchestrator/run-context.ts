import type { Env, FrontendTopology, StartGate, HealthPlan, PlannedFile, PlannedProcess, RuntimeContext, SrtConfig } from '@srt/core';
import type { RunLedger } from '../ledger/run-ledger.ts';
import type { Executor } from './executor.ts';
import type { Log } from './log.ts';
import type { ProcessFailure, ProcessRegistry } from './process-registry.ts';

/**
 * What `runPlan` needs of a launch plan (`LaunchPlan` from `planLaunch` satisfies it):
 * the config, the runtime, the deployment's processes in start order, files and health
 * check, and the benchmark process (`undefined` for manual mode).
 */
export interface RunnablePlan {
  readonly config: SrtConfig;
  readonly runtime: RuntimeContext;
  readonly deployment: {
    readonly processes: readonly PlannedProcess[];
    readonly files: readonly PlannedFile[];
    readonly health: HealthPlan;
    /** Where the frontends run (for the `Frontend topology: …` log line when nginx is used). */
    readonly frontendTopology?: FrontendTopology;
    /** HTTP gates before some processes start (engines: trtllm_serve, sequential_node_start). */
    readonly gates?: readonly StartGate[];
    /** Plan warnings (an `hf:` model without `HF_HOME`, an unmounted `HF_HOME`), logged at start. */
    readonly warnings?: readonly string[];
  };
  readonly benchmark: PlannedProcess | undefined;
  /** Several benchmarks run in order (issue 15); absent means just `benchmark`. */
  readonly benchmarkSteps?: readonly PlannedProcess[];
}

/** Why a run stopped before its benchmark finished. */
export type StopReason =
  | { readonly kind: 'failure'; readonly failure: ProcessFailure }
  | { readonly kind: 'cancelled'; readonly reason: string };

/** Shared state of one run, passed between its stages. */
export interface RunContext {
  readonly plan: RunnablePlan;
  readonly executor: Executor;
  readonly env: Pick<Env, 'fetch' | 'now' | 'sleep' | 'probeTcp'>;
  readonly log: Log;
  readonly registry: ProcessRegistry;
  /** Where every transition is recorded (status.json); absent: nothing is recorded. */
  readonly ledger?: RunLedger;
  /** Aborted the moment the run must stop: a critical process died, or the caller cancelled. */
  readonly stop: AbortSignal;
  readonly stopReason: () => StopReason | undefined;
  readonly readinessTimeoutMs: number;
  readonly progressEveryMs: number;
  /** How often the benchmark's progress file is read and, when it changed, logged (default 5000). */
  readonly benchmarkProgressEveryMs?: number;
}
