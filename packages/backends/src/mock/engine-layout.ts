import type { Endpoint, FrontendType, Process, WorkerLaunch } from '@srt/core';
import { endpointsToProcesses } from '@srt/core';
import { standardEngineProcesses } from '../engine/engine-ports.ts';
import { vllmBackend } from '../vllm/index.ts';
import { vllmProcesses } from '../vllm/layout.ts';
import type { VllmConfig } from '../vllm/schema.ts';
import type { MockConfig } from './schema.ts';

/** The vLLM section a mock with `engine: vllm` imitates (its `engine_config` and `dp_launch_mode`). */
export function mockAsVllm(config: MockConfig): VllmConfig {
  return {
    type: 'vllm',
    prefill_environment: {},
    decode_environment: {},
    aggregated_environment: {},
    vllm_config: config.engine_config ?? null,
    set_cuda_visible_devices: false,
    connector: 'nixl',
    allow_prefill_decode_colocation: false,
    allow_prefill_decode_colocation_across_nodes: false,
    dp_launch_mode: config.dp_launch_mode ?? 'per_node',
  } as VllmConfig;
}

/** The engine's process layout (engines.md §10.1): vLLM DP layouts, TRT-LLM's standard layout, else SGLang's. */
export function mockProcesses(endpoints: readonly Endpoint[], config: MockConfig, frontendType: FrontendType): readonly Process[] {
  if (config.engine === 'vllm') return vllmProcesses(endpoints, mockAsVllm(config), frontendType);
  if (config.engine === 'trtllm') return standardEngineProcesses(endpoints);
  return endpointsToProcesses(endpoints);
}

/**
 * The engine's launch style: `per-endpoint` for TRT-LLM (every task runs the mock worker, only
 * task 0 serves; `--mpi none`, a mock needs no PMIx), `per-process` for vLLM, none for SGLang.
 */
export function mockLaunch(config: MockConfig): WorkerLaunch | undefined {
  if (config.engine === 'trtllm') return { kind: 'per-endpoint', mpi: 'none', oversubscribe: true, cpuBind: 'verbose,none' };
  if (config.engine === 'vllm') return { kind: 'per-process' };
  return undefined;
}

/** Health counts of the imitated engine (vLLM counts DP ranks behind Dynamo). */
export function mockHealthExpectations(config: MockConfig, processes: readonly Process[], type: FrontendType, logical: { readonly prefill: number; readonly decode: number }): { readonly prefill: number; readonly decode: number } {
  return config.engine === 'vllm' ? vllmBackend.healthExpectations(mockAsVllm(config), processes, type, logical) : logical;
}
