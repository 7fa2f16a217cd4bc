import type { FrontendTopology, HealthPlan, RuntimeContext, SrtConfig } from '@srt/core';
import { nodeAddress } from '../worker/node-address.ts';

/**
 * Where and how to wait for every worker to register (health.md §4.1): the public port on the
 * head's address, `/workers` in router mode else `/health`; agg → (0, agg workers), else
 * (prefill, decode); `health_check` sets the poll interval and the budget of each phase
 * (variants-and-workflows.md §6.4).
 */
export function planHealth(
  srtConfig: Pick<SrtConfig, 'health_check'>,
  runtime: Pick<RuntimeContext, 'nodes' | 'nodeAddrs'>,
  topology: Pick<FrontendTopology, 'publicPort'>,
  counts: { readonly numPrefill: number; readonly numDecode: number; readonly numAgg: number; readonly useSglangRouter: boolean; readonly frontendType?: string; readonly publicNode?: string },
): HealthPlan {
  const h = srtConfig.health_check;
  const intervalMs = h.interval_seconds * 1000;
  const agg = counts.numAgg > 0;
  const format = counts.useSglangRouter ? 'sglang-router' : counts.frontendType === 'vllm' ? 'vllm' : counts.frontendType === 'trtllm_serve' ? 'trtllm-serve' : 'dynamo';
  return {
    url: `http://${nodeAddress(runtime, counts.publicNode ?? runtime.nodes.head)}:${topology.publicPort}${format === 'sglang-router' ? '/workers' : '/health'}`,
    format,
    expectedPrefill: agg ? 0 : counts.numPrefill,
    expectedDecode: agg ? counts.numAgg : counts.numDecode,
    intervalMs,
    timeoutMs: h.max_attempts * intervalMs,
    headServicesTimeoutMs: h.head_services_timeout_seconds * 1000,
    frontendTimeoutMs: h.frontend_timeout_seconds * 1000,
    benchmarkTimeoutMs: h.benchmark_timeout_seconds == null ? undefined : h.benchmark_timeout_seconds * 1000,
  };
}
