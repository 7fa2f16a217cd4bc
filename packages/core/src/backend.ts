import type * as v from 'valibot';
import type { SrtConfig } from './config/schema.ts';
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
  /** Defaults to `@srt/core`'s `allocateEndpoints`. */
  allocateEndpoints?(opts: AllocateOptions): readonly Endpoint[];
  /** Defaults to `@srt/core`'s `endpointsToProcesses`. */
  endpointsToProcesses?(endpoints: readonly Endpoint[], opts?: { readonly baseSysPort?: number }): readonly Process[];
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
}
