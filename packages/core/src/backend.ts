import type * as v from 'valibot';
import type { FrontendType, SrtConfig } from './config/schema.ts';
import type { PlannedFile } from './plan/types.ts';
import type { RuntimeContext } from './runtime/types.ts';
import type { AllocationShape } from './topology/required-nodes.ts';
import type { Endpoint, Process, WorkerMode } from './topology/types.ts';

/** The reference's name for the backend contract (backends.md §1). */
export type BackendProtocol<C = unknown> = Backend<C>;

/** Options for one worker command. */
export interface WorkerCommandOptions {
  readonly useSglangRouter: boolean;
  readonly profilingEnabled: boolean;
  /** nsys argv prefix (empty unless nsys profiling). */
  readonly nsysPrefix?: readonly string[];
  /** Where the worker dumps its resolved config (as the worker sees the path). */
  readonly dumpConfigPath?: string;
}

/** Input of `allocateEndpoints`: the worker counts and sizes, and the nodes to place them on. */
export interface AllocateOptions extends AllocationShape {
  readonly availableNodes: readonly string[];
}

/** Leader URLs of the workers a frontend fronts, in process order. */
export interface FrontendTargets {
  readonly prefill: readonly { readonly url: string; readonly bootstrapPort: number | undefined }[];
  readonly decode: readonly string[];
  readonly agg: readonly string[];
}

/** A command with its ordered environment and optional shell preamble. */
export interface CommandSpec {
  readonly argv: readonly string[];
  readonly env: readonly (readonly [string, string])[];
  readonly preamble?: string;
}

/**
 * A backend plug-in: its own schema for the `backend:` section, per-mode settings and the
 * worker command. Implementations are plain objects (`satisfies Backend<MyConfig>`).
 */
export interface Backend<C = unknown> {
  readonly type: string;
  /** Validates the whole `backend:` section (including `type`). */
  readonly schema: v.GenericSchema<unknown, C>;
  /** CLI option map for a mode (copy; empty for unknown modes). */
  configForMode(config: C, mode: WorkerMode): Readonly<Record<string, unknown>>;
  /** Environment for a mode (copy; empty for unknown modes). */
  environmentForMode(config: C, mode: WorkerMode): Readonly<Record<string, string>>;
  /** Defaults to `@srt/core`'s `allocateEndpoints`. `config` is the parsed backend section (vLLM colocation). */
  allocateEndpoints?(opts: AllocateOptions, config: C): readonly Endpoint[];
  /** Defaults to `@srt/core`'s `endpointsToProcesses`. */
  endpointsToProcesses?(endpoints: readonly Endpoint[], opts?: { readonly baseSysPort?: number; readonly config?: C; readonly srtConfig?: SrtConfig }): readonly Process[];
  /** argv for one worker process, never a joined string. */
  buildWorkerCommand(
    process: Process,
    endpointProcesses: readonly Process[],
    runtime: RuntimeContext,
    options: WorkerCommandOptions & { readonly config: C; readonly srtConfig: SrtConfig },
  ): readonly string[];
  /**
   * Replaces the Dynamo frontend / SGLang router with the backend's own frontend (the mock
   * backend's mock frontend). Absent: the standard frontends of `@srt/backends`.
   */
  buildFrontendCommand?(args: {
    readonly index: number;
    readonly node: string;
    readonly port: number;
    readonly targets: FrontendTargets;
    /** Router mode as deployed (`frontend.use_sglang_router`, or forced by profiling): pick the readiness format from it. */
    readonly useSglangRouter: boolean;
    /** The effective `frontend.type` (engines.md §5). */
    readonly frontendType: FrontendType;
    /** trtllm_serve: host path of the generated ser.yaml. */
    readonly serConfigPath?: string;
    readonly runtime: RuntimeContext;
    readonly srtConfig: SrtConfig;
    readonly config: C;
  }): CommandSpec;
  /**
   * The bootstrap port a prefill leader serves KV transfers on, as the SGLang router must be
   * told (default: `process.bootstrapPort`). SGLang: the option map's
   * `disaggregation-bootstrap-port` when set.
   */
  bootstrapPort?(config: C, process: Process): number | undefined;
  /**
   * Shell preamble of this backend's workers (default: the setup script, then, in Dynamo
   * mode and only for backends that run in the container, the Dynamo install; backends.md §5).
   */
  buildWorkerPreamble?(args: {
    readonly mode: WorkerMode;
    readonly useSglangRouter: boolean;
    readonly profilingEnabled: boolean;
    readonly runtime: RuntimeContext;
    readonly srtConfig: SrtConfig;
    readonly config: C;
  }): string | undefined;
  /** Whether the job starts NATS + etcd on the head node (default true). */
  usesHeadServices?(config: C, srtConfig: SrtConfig): boolean;
  /** Whether worker processes run in the container image (default true). */
  runsInContainer?(config: C): boolean;
  /**
   * Mounts this backend's own processes (workers and its own frontend) need in the container
   * beyond the job's (the mock backend's srtctl bundle). Added only under pyxis.
   */
  containerMounts?(config: C, runtime: RuntimeContext): readonly { readonly host: string; readonly container: string }[];
  /**
   * Engine backends (engines.md §2): how workers are launched. Present → the v1.0.68 worker
   * shape (`--jobid`, exports before the preamble, `DYN_REQUEST_PLANE`/`DYN_LOG`, the Dynamo
   * install wrapper); `per-endpoint` → one srun per endpoint with one task per GPU. Undefined
   * (or no hook): the SGLang worker shape.
   */
  launch?(config: C): WorkerLaunch | undefined;
  /** Per-endpoint variables exported right after the mode environment (TRT-LLM `TRTLLM_EPLB_SHM_NAME`, §4.6). */
  endpointEnvironment?(config: C, process: Process, ctx: BackendPlanContext): readonly (readonly [string, string])[];
  /** Per-process variables exported after the common worker environment (vLLM ports). */
  processEnvironment?(config: C, process: Process, ctx: BackendPlanContext & { readonly endpointProcesses: readonly Process[] }): readonly (readonly [string, string])[];
  /** Variables to `unset` after the exports (vLLM: `VLLM_PORT` on multi-node endpoints). */
  envToUnset?(config: C, process: Process, endpointProcesses: readonly Process[]): readonly string[];
  /** Whether `CUDA_VISIBLE_DEVICES` is exported for a process using fewer GPUs than its node (default true). */
  exportsCudaVisibleDevices?(config: C): boolean;
  /** Files the workers read, written to the log dir before they start (TRT-LLM engine YAMLs). */
  plannedFiles?(config: C, ctx: BackendPlanContext & { readonly modes: readonly WorkerMode[] }): readonly PlannedFile[];
  /** Health counts per side (default: logical workers; vLLM counts DP ranks behind Dynamo, §3.9). */
  healthExpectations?(config: C, processes: readonly Process[], frontendType: FrontendType, logical: { readonly prefill: number; readonly decode: number }): { readonly prefill: number; readonly decode: number };
  /** Endpoints sharing a leader node start in batches of this size (TRT-LLM `sequential_node_start`, §4.7). */
  sequentialNodeStart?(config: C): number;
  /** Problems of the backend section that need the whole recipe (each message names the field and the fix). */
  validate?(config: C, srtConfig: SrtConfig): readonly string[];
}

/** What engine hooks see besides the backend section. */
export interface BackendPlanContext {
  readonly runtime: RuntimeContext;
  readonly srtConfig: SrtConfig;
  readonly frontendType: FrontendType;
}

/** How an engine launches its workers (engines.md §2, §4.2). */
export type WorkerLaunch =
  | { readonly kind: 'per-process' }
  | { readonly kind: 'per-endpoint'; readonly mpi: string; readonly oversubscribe: boolean; readonly cpuBind: string };
