import type { WorkerMode } from '../topology/types.ts';

/** What a planned process is for. */
export const PROCESS_ROLES = ['head', 'worker', 'frontend', 'nginx', 'benchmark'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

/** How to tell a started process is up. */
export type Readiness =
  | { readonly kind: 'none' }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly label: string }
  | { readonly kind: 'http'; readonly url: string; readonly label: string };

/**
 * One process of a launch plan, before any executor touches it. `argv` is the program
 * itself; executors wrap it (srun + container + `bash -c "<preamble> && export ... && argv"`,
 * or a local child process).
 */
export interface PlannedProcess {
  /** Unique in the plan: `head_infrastructure`, `prefill_0_n1`, `nginx`, `frontend_0`, `sglang_router_0`, `benchmark`. */
  readonly name: string;
  readonly role: ProcessRole;
  readonly node: string;
  readonly mode?: WorkerMode;
  readonly index?: number;
  readonly argv: readonly string[];
  /** Ordered environment exports. */
  readonly env: readonly (readonly [string, string])[];
  /** Shell text run before the exports (setup script, installs). */
  readonly preamble?: string;
  /** Host path of its log file. */
  readonly logFile: string;
  /** A critical process that dies ends the run. */
  readonly critical: boolean;
  /** Run inside the job's container image (when the cluster has one). */
  readonly container: boolean;
  /** Image for this process instead of the job's (a custom benchmark's `container_image`). */
  readonly containerImage?: string;
  /** Extra mounts for this process only. */
  readonly extraMounts?: readonly { readonly host: string; readonly container: string }[];
  readonly readiness: Readiness;
  /**
   * Host path of a file that holds the process's own pid, written by the process (nginx). At
   * cleanup the orchestrator sends that pid SIGTERM itself, because srun turns a SIGTERM into
   * SIGKILL for every process of the step, and a killed nginx worker can be respawned by its
   * master just before the master is killed too.
   */
  readonly pidFile?: string;
}

/** Where and how the orchestrator checks that every worker registered, and each readiness phase's budget. */
export interface HealthPlan {
  /** `http://<head address>:<public port>/health` (Dynamo) or `/workers` (SGLang router). */
  readonly url: string;
  readonly format: 'dynamo' | 'sglang-router';
  readonly expectedPrefill: number;
  readonly expectedDecode: number;
  readonly intervalMs: number;
  /** Worker phase: first worker spawned → every expected worker registered (`max_attempts × interval_seconds`). */
  readonly timeoutMs: number;
  /** Head-services phase: first head service spawned → all accept connections (`head_services_timeout_seconds`). */
  readonly headServicesTimeoutMs: number;
  /** Frontend phase: first frontend/nginx spawned → the public endpoint gives a frontend's answer (`frontend_timeout_seconds`). */
  readonly frontendTimeoutMs: number;
  /** Benchmark phase: spawned → exited (`benchmark_timeout_seconds`); `undefined`: unbounded. */
  readonly benchmarkTimeoutMs: number | undefined;
}

/** A file the plan needs written before its processes start (nginx.conf, ...). */
export interface PlannedFile {
  readonly path: string;
  readonly content: string;
}
