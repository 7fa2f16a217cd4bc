import type { Endpoint, Process } from './types.ts';

export interface EndpointsToProcessesOptions {
  /** First `DYN_SYSTEM_PORT`; one global counter across the job. Default 8081. */
  readonly baseSysPort?: number;
}

/** First HTTP port of each node (leaders only). */
export const HTTP_PORT_BASE = 30000;
/** First bootstrap port of each node (prefill leaders only). */
export const BOOTSTRAP_PORT_BASE = 31000;

/**
 * One process per node of every endpoint, with ports (topology.md §3): a global
 * `sysPort` counter from `baseSysPort`; per-node HTTP ports from 30000 for leaders (0 on
 * other ranks); per-node bootstrap ports from 31000 for prefill endpoints, taken on the
 * leader's node and shared by all ranks. A pure pass: the per-node counters are local to the call.
 *
 * @example
 * endpointsToProcesses(allocateEndpoints({ ... }))
 * // → [{ node: 'n0', sysPort: 8081, httpPort: 30000, bootstrapPort: 31000, nodeRank: 0, ... }, ...]
 */
export function endpointsToProcesses(endpoints: readonly Endpoint[], { baseSysPort = 8081 }: EndpointsToProcessesOptions = {}): Process[] {
  const nextHttp = new NodeCounters(HTTP_PORT_BASE);
  const nextBootstrap = new NodeCounters(BOOTSTRAP_PORT_BASE);
  const devices = new Map<readonly number[], string>();
  let total = 0;
  for (const ep of endpoints) total += ep.nodes.length;
  const out = new Array<Process>(total);
  let next = 0;
  let sysPort = baseSysPort;
  for (const ep of endpoints) {
    const leader = ep.nodes[0];
    if (leader === undefined) throw new Error(`endpoint ${ep.mode}_${ep.index} has no nodes`);
    const bootstrapPort = ep.mode === 'prefill' ? nextBootstrap.take(leader) : undefined;
    let cudaVisibleDevices = devices.get(ep.gpuIndices);
    if (cudaVisibleDevices === undefined) {
      cudaVisibleDevices = [...ep.gpuIndices].sort((a, b) => a - b).join(',');
      devices.set(ep.gpuIndices, cudaVisibleDevices);
    }
    for (let rank = 0; rank < ep.nodes.length; rank++) {
      const node = ep.nodes[rank] as string;
      out[next++] = {
        node,
        gpuIndices: ep.gpuIndices,
        sysPort: sysPort++,
        httpPort: rank === 0 ? nextHttp.take(node) : 0,
        bootstrapPort,
        endpointMode: ep.mode,
        endpointIndex: ep.index,
        nodeRank: rank,
        isLeader: rank === 0,
        cudaVisibleDevices,
      };
    }
  }
  return out;
}

/**
 * Next port per node. Allocation emits each node's leaders one after another, so the
 * current node's counter lives in two fields and the map is touched only when the node
 * changes; any order still gives the same ports.
 */
class NodeCounters {
  private readonly next = new Map<string, number>();
  private node: string | undefined;
  private port = 0;
  private readonly base: number;

  constructor(base: number) {
    this.base = base;
  }

  take(node: string): number {
    if (node !== this.node) {
      if (this.node !== undefined) this.next.set(this.node, this.port);
      this.node = node;
      this.port = this.next.get(node) ?? this.base;
    }
    return this.port++;
  }
}
