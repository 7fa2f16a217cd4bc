/** The three kinds of worker. Closed set: `as const`, not an enum. */
export const WORKER_MODES = ['prefill', 'decode', 'agg'] as const;
export type WorkerMode = (typeof WORKER_MODES)[number];

/** One logical serving worker; it may span several nodes. */
export interface Endpoint {
  readonly mode: WorkerMode;
  /** 0-based index within its mode. */
  readonly index: number;
  /** Hostnames in rank order; `nodes[0]` is the leader. */
  readonly nodes: readonly string[];
  /** GPU indices used on each node, ascending. */
  readonly gpuIndices: readonly number[];
  readonly gpusPerNode: number;
  readonly leaderNode: string;
  readonly numNodes: number;
  /** `numNodes × gpuIndices.length`. */
  readonly totalGpus: number;
  readonly isMultiNode: boolean;
}

/** One physical process: one per node of an endpoint. */
export interface Process {
  readonly node: string;
  readonly gpuIndices: readonly number[];
  /** `DYN_SYSTEM_PORT`: one global counter from the base (8081). */
  readonly sysPort: number;
  /** HTTP port of leaders (30000+ per node); 0 on non-leader nodes. */
  readonly httpPort: number;
  /** Prefill endpoints only (31000+ per leader node), shared by all ranks; otherwise undefined. */
  readonly bootstrapPort: number | undefined;
  readonly endpointMode: WorkerMode;
  readonly endpointIndex: number;
  readonly nodeRank: number;
  readonly isLeader: boolean;
  /** GPU indices joined with `,` (empty string for none). */
  readonly cudaVisibleDevices: string;
  /** Engine backends (engines.md §3.3): ZMQ KV-event port (base of a block for per_node DP). */
  readonly kvEventsPort?: number;
  /** vLLM NIXL side-channel port (base of the endpoint's block in DP layouts). */
  readonly nixlPort?: number;
  /** vLLM data-parallel RPC port of the endpoint (DP layouts only). */
  readonly dpRpcPort?: number;
  /** vLLM DP: first global DP rank this process runs (per_node) or its DP rank (per_gpu). */
  readonly dpStartRank?: number;
  /** vLLM per_gpu: the rank, for a distinct process name and log (E1). */
  readonly dpRank?: number;
}
