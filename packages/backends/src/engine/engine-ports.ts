import type { Endpoint, Process } from '@srt/core';

/** Port bases of the engine backends (engines.md §1, upstream `ports.py`). */
export const ENGINE_PORTS = {
  /** `DYN_SYSTEM_PORT`: one global counter. */
  sys: 7500,
  /** Worker HTTP ports per node, 32 apart. */
  http: 6100,
  httpStep: 32,
  /** Prefill bootstrap ports per node. */
  bootstrap: 7200,
  /** ZMQ KV-event ports, one global counter. */
  kvEvents: 5200,
  /** vLLM NIXL side-channel ports, one global counter. */
  nixl: 5400,
  /** vLLM DP RPC ports per node. */
  dpRpc: 8400,
  /** `VLLM_PORT` = 20000 + 50 × process index. */
  vllm: 20000,
  vllmStep: 50,
} as const;

/** The engine port allocator (`NodePortAllocator`): per-node and global counters, blocks. */
export class EnginePortAllocator {
  private readonly perNode = new Map<string, number>();
  private readonly global = new Map<string, number>();

  /** Next port of `family` on `node` (`step` apart). */
  node(family: 'http' | 'bootstrap' | 'dpRpc', node: string, step = 1): number {
    const key = `${family}\u0000${node}`;
    const port = this.perNode.get(key) ?? ENGINE_PORTS[family];
    this.perNode.set(key, port + step);
    return port;
  }

  /** First port of a block of `size` from a global family. */
  block(family: 'sys' | 'kvEvents' | 'nixl', size = 1): number {
    const port = this.global.get(family) ?? ENGINE_PORTS[family];
    this.global.set(family, port + size);
    return port;
  }
}

/**
 * Sorted GPU list as `CUDA_VISIBLE_DEVICES` text.
 *
 * @example deviceList([3, 1, 2, 0]) // → '0,1,2,3'
 */
export function deviceList(gpus: readonly number[]): string {
  return [...gpus].sort((a, b) => a - b).join(',');
}

/**
 * The standard layout (engines.md §3.3.1): per endpoint a bootstrap port on the leader (prefill
 * only); per node rank an HTTP port for rank 0 (else 0), one KV-event port, one NIXL port and
 * the next system port.
 *
 * @example standardProcesses({ mode: 'prefill', index: 0, nodes: ['n1'], gpuIndices: [0, 1, 2, 3] }, new EnginePortAllocator())[0] // → { node: 'n1', sysPort: 7500, httpPort: 6100, bootstrapPort: 7200, kvEventsPort: 5200, nixlPort: 5400, isLeader: true, … }
 */
export function standardProcesses(ep: Endpoint, ports: EnginePortAllocator): Process[] {
  const leader = ep.nodes[0]!;
  const bootstrapPort = ep.mode === 'prefill' ? ports.node('bootstrap', leader) : undefined;
  return ep.nodes.map((node, rank) => ({
    node,
    gpuIndices: ep.gpuIndices,
    sysPort: ports.block('sys'),
    httpPort: rank === 0 ? ports.node('http', node, ENGINE_PORTS.httpStep) : 0,
    bootstrapPort,
    endpointMode: ep.mode,
    endpointIndex: ep.index,
    nodeRank: rank,
    isLeader: rank === 0,
    cudaVisibleDevices: deviceList(ep.gpuIndices),
    kvEventsPort: ports.block('kvEvents'),
    nixlPort: ports.block('nixl'),
  }));
}

/**
 * Every endpoint in the standard layout (TRT-LLM; vLLM without DP).
 *
 * @example standardEngineProcesses(endpoints).map((p) => p.sysPort) // prefill on n1, decode on n2+n3 → [7500, 7501, 7502]
 */
export function standardEngineProcesses(endpoints: readonly Endpoint[]): Process[] {
  const ports = new EnginePortAllocator();
  return endpoints.flatMap((ep) => standardProcesses(ep, ports));
}
