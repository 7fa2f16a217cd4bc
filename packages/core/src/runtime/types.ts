/** How worker commands are run on a node. */
export const CONTAINER_RUNTIMES = ['pyxis', 'none'] as const;
export type ContainerRuntime = (typeof CONTAINER_RUNTIMES)[number];

/** Node roles of a job. The head is also a worker node. */
export interface Nodes {
  readonly head: string;
  readonly bench: string;
  /** Every node of the allocation in order (the head included). */
  readonly worker: readonly string[];
}

/** One container mount: host path → container path. */
export interface Mount {
  readonly host: string;
  readonly container: string;
}

/**
 * Every path and value of one job, decided once from config + job id + node list +
 * addresses. Builders read it; nothing downstream recomputes a path or looks up an address.
 */
export interface RuntimeContext {
  readonly jobId: string;
  /** `<config.name>_<job_id>`. */
  readonly runName: string;
  readonly nodes: Nodes;
  /** Address of every node, resolved at the edge (`readCluster`) and never looked up again. */
  readonly nodeAddrs: ReadonlyMap<string, string>;
  readonly headNodeIp: string;
  /** Working directory of the job (= submission directory). */
  readonly cwd: string;
  /** `<output base>/<job_id>`: `<cwd>/outputs/<job_id>` unless `-o DIR` / cluster `output_dir` gives the base. */
  readonly outputDir: string;
  /** The explicit output base (`-o DIR` / cluster `output_dir`), absolute; absent for the default `<cwd>/outputs`. */
  readonly outputBase?: string;
  /** Host log directory (`<outputDir>/logs`, or `output.log_dir` when set to something else). */
  readonly logDir: string;
  /** Resolved host model path. */
  readonly modelPath: string;
  /** Resolved container image (file paths made absolute; registry references kept). */
  readonly containerImage: string;
  readonly gpusPerNode: number;
  /** Ordered, keyed by host path. */
  readonly containerMounts: readonly Mount[];
  readonly containerRuntime: ContainerRuntime;
  readonly environment: Readonly<Record<string, string>>;
  readonly srunOptions: Readonly<Record<string, string>>;
  /** Port the public endpoint (single frontend or nginx) listens on: 8000. */
  readonly frontendPort: number;
  /**
   * argv prefix that runs this srtctl on any node without an install step:
   * `['node', '<abs path>/srtctl.mjs']` (the self-contained CLI bundle).
   */
  readonly selfCommand: readonly string[];
  /** srtctl source/install root (cluster `srtctl_root`, else the running package's root). */
  readonly srtctlRoot: string;
  /**
   * Paths as the worker sees them: container paths under pyxis (`/model`, `/logs`),
   * host paths without a container.
   */
  readonly workerPaths: {
    readonly modelPath: string;
    readonly logDir: string;
  };
  /** Problems worth telling the user that did not stop planning (e.g. a host path mounted twice, quirk T6). */
  readonly warnings: readonly string[];
}

/** The job's allocation as read at the edge (`readCluster`): job id, nodes in order, and every node's address. */
export interface ClusterInfo {
  readonly jobId: string;
  readonly nodes: readonly string[];
  /** Node name → address (SLURM `NodeAddr`, else DNS, else the name itself). */
  readonly nodeAddrs: ReadonlyMap<string, string>;
}
