import type { FrontendTopology, HealthPlan, RuntimeContext, SrtConfig } from '@srt/core';
import { nodeAddress } from '../worker/node-address.ts';

/**
 * Where and how to wait for every worker to register (health.md §4.1): the public port on the
 * head's address, `/workers` in router mode else `/health`; agg → (0, agg workers), else
 * (prefill, decode); `health_check` sets the poll interval and the budget.
 */
export function planHealth(
  srtConfig: Pick<SrtConfig, 'health_check'>,
  runtime: Pick<RuntimeContext, 'nodes' | 'nodeAddrs'>,
  topology: Pick<FrontendTopology, 'publicPort'>,
  counts: { readonly numPrefill: number; readonly numDecode: number; readonly numAgg: number; readonly useSglangRouter: boolean; readonly frontendType?: string; readonly publicNode?: string },
): HealthPlan {
  const intervalMs = srtConfig.health_check.interval_seconds * 1000;
  const agg = counts.numAgg > 0;
  const format = counts.useSglangRouter ? 'sglang-router' : counts.frontendType === 'vllm' ? 'vllm' : counts.frontendType === 'trtllm_serve' ? 'trtllm-serve' : 'dynamo';
  return {
    url: `http://${nodeAddress(runtime, counts.publicNode ?? runtime.nodes.head)}:${topology.publicPort}${format === 'sglang-router' ? '/workers' : '/health'}`,
    format,
    expectedPrefill: agg ? 0 : counts.numPrefill,
    expectedDecode: agg ? counts.numAgg : counts.numDecode,
    intervalMs,
    timeoutMs: srtConfig.health_check.max_attempts * intervalMs,
  };
}
