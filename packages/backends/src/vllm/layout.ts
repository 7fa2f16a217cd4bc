import type { Endpoint, FrontendType, Process, WorkerMode } from '@srt/core';
import { SrtError } from '@srt/core';
import { deviceList, EnginePortAllocator, ENGINE_PORTS, standardProcesses } from '../engine/engine-ports.ts';
import type { VllmConfig } from './schema.ts';

type OptionMap = Readonly<Record<string, unknown>>;

/**
 * The option map of a mode (a copy; `agg` → `aggregated`).
 *
 * @example vllmConfigForMode(config.backend, 'agg') // → a copy of backend.vllm_config.aggregated, e.g. { 'tensor-parallel-size': 8 }
 */
export function vllmConfigForMode(config: VllmConfig, mode: WorkerMode): Record<string, unknown> {
  const maps = config.vllm_config;
  const map = mode === 'prefill' ? maps?.prefill : mode === 'decode' ? maps?.decode : mode === 'agg' ? maps?.aggregated : undefined;
  return { ...(map ?? {}) };
}

/**
 * The per-mode environment (a copy).
 *
 * @example vllmEnvironmentForMode(config.backend, 'prefill') // → a copy of backend.prefill_environment, e.g. { VLLM_USE_DEEP_GEMM: '1' }
 */
export function vllmEnvironmentForMode(config: VllmConfig, mode: WorkerMode): Record<string, string> {
  const env = mode === 'prefill' ? config.prefill_environment : mode === 'decode' ? config.decode_environment : mode === 'agg' ? config.aggregated_environment : undefined;
  return { ...(env ?? {}) };
}

function pick(map: OptionMap, kebab: string): unknown {
  const v = map[kebab];
  return v === undefined || v === null ? map[kebab.replaceAll('-', '_')] : v;
}

function int(value: unknown): number | undefined {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}

/**
 * DP/TP/PP of a mode map (engines.md §3.1): DP undefined when not in DP mode.
 *
 * @example parallelSizes({ 'data-parallel-size': 8, tensor_parallel_size: 1 }) // → { dp: 8, dpSet: true, tp: 1, pp: 1 }
 */
export function parallelSizes(map: OptionMap): { readonly dp: number | undefined; readonly dpSet: boolean; readonly tp: number; readonly pp: number } {
  const raw = pick(map, 'data-parallel-size');
  return { dp: int(raw), dpSet: raw !== undefined && raw !== null, tp: int(pick(map, 'tensor-parallel-size')) ?? 1, pp: int(pick(map, 'pipeline-parallel-size')) ?? 1 };
}

/**
 * The recipe's `data-parallel-rpc-port` of a mode (E2), when set.
 *
 * @example recipeRpcPort({ 'data-parallel-rpc-port': 13345 }) // → 13345
 */
export function recipeRpcPort(map: OptionMap): number | undefined {
  return int(pick(map, 'data-parallel-rpc-port'));
}

const fail = (ep: Endpoint, message: string): never => {
  throw new SrtError('SRT_CONFIG_INVALID', `backend.vllm_config.${ep.mode === 'agg' ? 'aggregated' : ep.mode}: ${message}`, { details: [`endpoint ${ep.mode}_${ep.index} on ${ep.nodes.join(', ')}`] });
};

/**
 * Processes and ports of a vLLM job (engines.md §3.3): the standard layout for the direct
 * frontend and for modes without DP; `per_node` DP endpoints get one process per node with
 * DP-RPC/NIXL/KV blocks; `per_gpu` one process per GPU (E1: only when TP×PP = 1 and DP = the
 * endpoint's GPUs, each rank named on its own). A recipe `data-parallel-rpc-port` is used
 * instead of an allocated one (E2).
 *
 * @example vllmProcesses(endpoints, config.backend, frontendType(config.frontend)) // one agg endpoint on one node, no DP → [{ node: 'n1', httpPort: 6100, sysPort: 7500, … }]
 */
export function vllmProcesses(endpoints: readonly Endpoint[], config: VllmConfig, frontendType: FrontendType): Process[] {
  const ports = new EnginePortAllocator();
  const out: Process[] = [];
  for (const ep of endpoints) {
    const map = vllmConfigForMode(config, ep.mode);
    const sizes = parallelSizes(map);
    if (frontendType === 'vllm' || !sizes.dpSet) out.push(...standardProcesses(ep, ports));
    else if (config.dp_launch_mode === 'per_gpu') out.push(...perGpu(ep, map, sizes, ports));
    else out.push(...perNode(ep, map, sizes, ports));
  }
  return out;
}

function perNode(ep: Endpoint, map: OptionMap, s: ReturnType<typeof parallelSizes>, ports: EnginePortAllocator): Process[] {
  const local = ep.gpuIndices.length;
  const replica = s.tp * s.pp;
  const dp = s.dp ?? Math.floor(ep.totalGpus / replica);
  if (dp * replica !== ep.totalGpus) {
    fail(ep, `data-parallel-size ${dp} × tensor-parallel-size ${s.tp} × pipeline-parallel-size ${s.pp} = ${dp * replica} GPUs, but the endpoint has ${ep.totalGpus}; make them equal`);
  }
  if (replica > local) {
    if (!ep.isMultiNode) fail(ep, `a replica of ${replica} GPUs needs several nodes, but the endpoint has ${local} GPUs on one node`);
    if (replica % local !== 0) fail(ep, `a replica of ${replica} GPUs must span whole nodes of ${local} GPUs`);
    if (ep.numNodes !== (dp * replica) / local) fail(ep, `${dp} replicas of ${replica} GPUs need ${(dp * replica) / local} nodes, the endpoint has ${ep.numNodes}`);
    return standardProcesses(ep, ports);
  }
  if (local % replica !== 0) fail(ep, `${local} GPUs per node are not a whole number of replicas of ${replica} GPUs`);
  const localDp = local / replica;
  const leader = ep.nodes[0]!;
  const dpRpcPort = recipeRpcPort(map) ?? ports.node('dpRpc', leader);
  const nixlPort = ports.block('nixl', dp);
  return ep.nodes.map((node, rank) => ({
    node,
    gpuIndices: ep.gpuIndices,
    sysPort: ports.block('sys'),
    httpPort: ports.node('http', node, ENGINE_PORTS.httpStep),
    bootstrapPort: ep.mode === 'prefill' ? ports.node('bootstrap', node) : undefined,
    endpointMode: ep.mode,
    endpointIndex: ep.index,
    nodeRank: rank,
    isLeader: rank === 0,
    cudaVisibleDevices: deviceList(ep.gpuIndices),
    kvEventsPort: ports.block('kvEvents', localDp),
    nixlPort,
    dpRpcPort,
    dpStartRank: rank * localDp,
  }));
}

function perGpu(ep: Endpoint, map: OptionMap, s: ReturnType<typeof parallelSizes>, ports: EnginePortAllocator): Process[] {
  const dp = s.dp ?? ep.totalGpus;
  if (s.tp * s.pp !== 1 || dp !== ep.totalGpus) {
    fail(ep, `dp_launch_mode: per_gpu runs one GPU per rank: it needs tensor-parallel-size × pipeline-parallel-size = 1 and data-parallel-size = ${ep.totalGpus} (the endpoint's GPUs), got TP ${s.tp}, PP ${s.pp}, DP ${dp}; use dp_launch_mode: per_node`);
  }
  const leader = ep.nodes[0]!;
  const dpRpcPort = recipeRpcPort(map) ?? ports.node('dpRpc', leader);
  const nixlPort = ports.block('nixl', dp);
  const bootstrapPort = ep.mode === 'prefill' ? ports.node('bootstrap', leader) : undefined;
  const gpus = [...ep.gpuIndices].sort((a, b) => a - b);
  const out: Process[] = [];
  let rank = 0;
  ep.nodes.forEach((node, nodeRank) => {
    for (const gpu of gpus) {
      out.push({
        node,
        gpuIndices: [gpu],
        sysPort: ports.block('sys'),
        httpPort: rank === 0 ? ports.node('http', node, ENGINE_PORTS.httpStep) : 0,
        bootstrapPort: rank === 0 ? bootstrapPort : undefined,
        endpointMode: ep.mode,
        endpointIndex: ep.index,
        nodeRank,
        isLeader: rank === 0,
        cudaVisibleDevices: String(gpu),
        kvEventsPort: ports.block('kvEvents'),
        nixlPort,
        dpRpcPort,
        dpStartRank: rank,
        dpRank: rank,
      });
      rank += 1;
    }
  });
  return out;
}
