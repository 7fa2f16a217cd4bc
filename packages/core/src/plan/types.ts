import type { WorkerMode } from '../topology/types.ts';

/** What a planned process is for. */
export const PROCESS_ROLES = ['head', 'download', 'worker', 'frontend', 'nginx', 'benchmark'] as const;
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
  /**
   * Engine-style srun (engines.md §1, §4.2): `--jobid`, MPI flags, one step over several nodes
   * with several tasks, `--export`, recipe `srun_options` as `--key=value`. Absent: one task on
   * `node` as for SGLang.
   */
  readonly srun?: SrunShape;
  /** Variables unset after the exports (`unset -- VLLM_PORT` for multi-node vLLM endpoints). */
  readonly unsetEnv?: readonly string[];
  /** Exports before the preamble (the v1.0.68 wrapper order the engine backends use). */
  readonly exportsFirst?: boolean;
  /**
   * A one-shot step (the `hf:` model pre-download, engines.md §7): the processes after it start
   * only once it exited 0; a non-zero exit, or still running after `timeoutMs`, fails the run.
   */
  readonly runsToCompletion?: { readonly timeoutMs: number };
}

/** How an engine process's srun step is shaped. */
export interface SrunShape {
  /** Every node of the step (per-endpoint launch); default `[node]`. */
  readonly nodes?: readonly string[];
  /** Tasks of the step (MPI world size); default 1. */
  readonly ntasks?: number;
  readonly mpi?: string;
  readonly oversubscribe?: boolean;
  /** `--cpu-bind=<value>`; a recipe `srun_options.cpu-bind` replaces it (E4). */
  readonly cpuBind?: string;
  /** `--export=<value>` (e.g. `ALL,ENROOT_REMAP_ROOT=yes` for steps that install Dynamo). */
  readonly export?: string;
  /** Pass the recipe's `srun_options` (as `--key=value`). */
  readonly recipeOptions: boolean;
}

/** Where and how the orchestrator checks that every worker registered, and each readiness phase's budget. */
export interface HealthPlan {
  /** `http://<head address>:<public port>/health` (Dynamo) or `/workers` (SGLang router). */
  readonly url: string;
  readonly format: 'dynamo' | 'sglang-router' | 'vllm' | 'trtllm-serve';
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

/**
 * Gates before the health wait (engines.md §4.7, §5.3): HTTP `/health` URLs that must answer
 * 200 before the processes named in `before` start (trtllm_serve workers before its
 * orchestrator; sequential_node_start batches). All gates share the health deadline (E12).
 */
export interface StartGate {
  /** Label for logs and errors (`trtllm-serve worker 10.0.0.1:6100`). */
  readonly label: string;
  readonly url: string;
  /** Process names that wait for this gate. */
  readonly before: readonly string[];
  /** Message when the gate times out. */
  readonly failure: string;
}

/** A file the plan needs written before its processes start (nginx.conf, ...). */
export interface PlannedFile {
  readonly path: string;
  readonly content: string;
}
