import type { ResourcesConfig } from './schema.ts';

/** Worker counts and sizes computed from `resources` (config.md §5). */
export interface DerivedResources {
  /** `prefill_nodes` or `decode_nodes` is set (worker counts and `agg_*` do not matter). */
  readonly isDisaggregated: boolean;
  readonly totalNodes: number;
  readonly numPrefill: number;
  readonly numDecode: number;
  readonly numAgg: number;
  readonly gpusPerPrefill: number;
  readonly gpusPerDecode: number;
  readonly gpusPerAgg: number;
  readonly prefillGpus: number;
  readonly decodeGpus: number;
  readonly aggGpus: number;
}

type ResourceCounts = Pick<
  ResourcesConfig,
  'prefill_nodes' | 'decode_nodes' | 'prefill_workers' | 'decode_workers' | 'agg_nodes' | 'agg_workers'
> & { readonly gpus_per_node: number };

/**
 * Derived values exactly as the reference computes them: unset counts are 0, and a worker
 * spans `floor(nodes × gpus_per_node / workers)` GPUs when both counts are set, else one node.
 *
 * @example deriveResources({ gpus_per_node: 4, prefill_nodes: 4, decode_nodes: 12, prefill_workers: 4, decode_workers: 1 }).gpusPerDecode // 48
 */
export function deriveResources(r: ResourceCounts): DerivedResources {
  const gpn = r.gpus_per_node;
  const isDisaggregated = r.prefill_nodes != null || r.decode_nodes != null;
  const perWorker = (nodes: number | null | undefined, workers: number | null | undefined): number =>
    nodes && workers ? Math.floor((nodes * gpn) / workers) : gpn;
  return {
    isDisaggregated,
    totalNodes: isDisaggregated ? (r.prefill_nodes ?? 0) + (r.decode_nodes ?? 0) : r.agg_nodes || 1,
    numPrefill: r.prefill_workers ?? 0,
    numDecode: r.decode_workers ?? 0,
    numAgg: r.agg_workers ?? 0,
    gpusPerPrefill: perWorker(r.prefill_nodes, r.prefill_workers),
    gpusPerDecode: perWorker(r.decode_nodes, r.decode_workers),
    gpusPerAgg: perWorker(r.agg_nodes, r.agg_workers),
    prefillGpus: (r.prefill_nodes ?? 0) * gpn,
    decodeGpus: (r.decode_nodes ?? 0) * gpn,
    aggGpus: (r.agg_nodes ?? 0) * gpn,
  };
}
