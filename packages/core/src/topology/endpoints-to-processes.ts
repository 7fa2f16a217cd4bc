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
 * leader's node and shared by all ranks. A pure pass: the per-node counters are local.
 *
 * @example
 * endpointsToProcesses(allocateEndpoints({ ... }))
 * // → [{ node: 'n0', sysPort: 8081, httpPort: 30000, bootstrapPort: 31000, nodeRank: 0, ... }, ...]
 */
export function endpointsToProcesses(endpoints: readonly Endpoint[], { baseSysPort = 8081 }: EndpointsToProcessesOptions = {}): Process[] {
  const nextHttp = new Map<string, number>();
  const nextBootstrap = new Map<string, number>();
  const devices = new Map<readonly number[], string>();
  const out: Process[] = [];
  let sysPort = baseSysPort;
  for (const ep of endpoints) {
    const leader = ep.nodes[0];
    if (leader === undefined) throw new Error(`endpoint ${ep.mode}_${ep.index} has no nodes`);
    const bootstrapPort = ep.mode === 'prefill' ? take(nextBootstrap, leader, BOOTSTRAP_PORT_BASE) : undefined;
    let cudaVisibleDevices = devices.get(ep.gpuIndices);
    if (cudaVisibleDevices === undefined) {
      cudaVisibleDevices = [...ep.gpuIndices].sort((a, b) => a - b).join(',');
      devices.set(ep.gpuIndices, cudaVisibleDevices);
    }
    for (let rank = 0; rank < ep.nodes.length; rank++) {
      const node = ep.nodes[rank] as string;
      out.push({
        node,
        gpuIndices: ep.gpuIndices,
        sysPort: sysPort++,
        httpPort: rank === 0 ? take(nextHttp, node, HTTP_PORT_BASE) : 0,
        bootstrapPort,
        endpointMode: ep.mode,
        endpointIndex: ep.index,
        nodeRank: rank,
        isLeader: rank === 0,
        cudaVisibleDevices,
      });
    }
  }
  return out;
}

function take(counters: Map<string, number>, node: string, base: number): number {
  const port = counters.get(node) ?? base;
  counters.set(node, port + 1);
  return port;
}
