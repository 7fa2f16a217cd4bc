import type { Backend, Process } from '@srt/core';
import { deriveResources, frontendType } from '@srt/core';
import { ENGINE_PORTS } from '../engine/engine-ports.ts';
import { allocateSeparatingModes, colocates } from '../engine/separate-modes.ts';
import { nodeAddress } from '../worker/node-address.ts';
import { parallelSizes, vllmConfigForMode, vllmEnvironmentForMode, vllmProcesses } from './layout.ts';
import { VllmBackendSchema, type VllmConfig } from './schema.ts';
import { buildVllmWorkerCommand } from './worker-command.ts';

/** Distinct nodes of an endpoint's processes. */
const nodesOf = (group: readonly Process[]): number => new Set(group.map((p) => p.node)).size;

/**
 * The vLLM backend (engines.md §3): `dynamo.vllm` workers behind a Dynamo frontend, or one
 * aggregated `vllm serve` that is itself the public server (`frontend.type: vllm`).
 *
 * @example
 * const plan = planDeployment(config, runtime); // with backend.type: vllm
 */
export const vllmBackend = {
  type: 'vllm',
  schema: VllmBackendSchema,
  configForMode: vllmConfigForMode,
  environmentForMode: vllmEnvironmentForMode,
  // v1.0.68: decode moves off a partly used prefill node unless colocation is allowed (engines.md §3.8).
  allocateEndpoints: (opts, config) => allocateSeparatingModes(opts, colocates(config, opts)),
  endpointsToProcesses: (endpoints, opts) => vllmProcesses(endpoints, opts!.config!, frontendType(opts!.srtConfig!.frontend)),
  buildWorkerCommand: (process, group, runtime, options) => buildVllmWorkerCommand(process, group, runtime, options),
  bootstrapPort: () => undefined,
  usesHeadServices: (_config, srtConfig) => ['dynamo', 'sglang'].includes(frontendType(srtConfig.frontend)),
  launch: () => ({ kind: 'per-process' }),
  processEnvironment: (_config, p, { runtime }) => [
    ['DYN_VLLM_KV_EVENT_PORT', String(p.kvEventsPort ?? '')],
    ['VLLM_NIXL_SIDE_CHANNEL_PORT', String(p.nixlPort ?? '')],
    ['VLLM_NIXL_SIDE_CHANNEL_HOST', nodeAddress(runtime, p.node)],
    // From the process index (sysPort − base), not a literal base.
    ['VLLM_PORT', String(ENGINE_PORTS.vllm + ENGINE_PORTS.vllmStep * Math.max(p.sysPort - ENGINE_PORTS.sys, 0))],
  ],
  envToUnset: (_config, _p, group) => (nodesOf(group) > 1 ? ['VLLM_PORT'] : []),
  exportsCudaVisibleDevices: (config) => config.set_cuda_visible_devices,
  healthExpectations(config, processes, type, logical) {
    if (type !== 'dynamo') return logical;
    const side = (mode: 'prefill' | 'decode' | 'agg', count: number): number => {
      const map = vllmConfigForMode(config, mode);
      const s = parallelSizes(map);
      const d = s.dp ?? 1;
      if (d <= 1) return count;
      if (config.dp_launch_mode === 'per_node') {
        const spans = s.tp * s.pp > (processes.find((p) => p.endpointMode === mode)?.gpuIndices.length ?? 0);
        return spans ? count : processes.filter((p) => p.endpointMode === mode).length;
      }
      return count * d;
    };
    const agg = processes.some((p) => p.endpointMode === 'agg');
    return agg ? { prefill: 0, decode: side('agg', logical.decode) } : { prefill: side('prefill', logical.prefill), decode: side('decode', logical.decode) };
  },
  validate(config, srtConfig) {
    const problems: string[] = [];
    const type = frontendType(srtConfig.frontend);
    for (const mode of ['prefill', 'decode', 'agg'] as const) {
      const key = mode === 'agg' ? 'aggregated' : mode;
      const map = vllmConfigForMode(config, mode);
      const s = parallelSizes(map);
      if (config.dp_launch_mode === 'per_node' && s.dpSet && s.dp !== undefined && map['headless'] != null && map['headless'] !== false) {
        problems.push(`backend.vllm_config.${key}.headless cannot be set when dp_launch_mode=per_node: srtctl passes --headless to the non-leader nodes itself; delete it`);
      }
      if (type === 'vllm' && mode === 'agg' && (s.dp ?? 1) > 1 && (deriveResources(srtConfig.resources).gpusPerAgg > srtConfig.resources.gpus_per_node)) {
        problems.push(`backend.vllm_config.aggregated: data-parallel-size > 1 across nodes is not supported with frontend.type: vllm (E17); use frontend.type: dynamo or one node`);
      }
    }
    if (config.mooncake_kv_store != null) problems.push('backend.mooncake_kv_store is not supported by this srtctl yet; delete it (docs/engines.md)');
    return problems;
  },
} as const satisfies Backend<VllmConfig>;

