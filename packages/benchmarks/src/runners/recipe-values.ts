import { servedModelName, type SrtConfig } from '@srt/core';

/** The name the deployment serves (config.md §12), from the recipe: never hard-coded (K1). */
export function recipeModelName(config: SrtConfig): string {
  return servedModelName(config);
}

/** `profiling.type != "none"`. */
export function profilingOn(config: SrtConfig): boolean {
  return config.profiling.type !== 'none';
}

/** Worker counts and GPU totals as config.md §5 derives them (null → 0). */
export function recipeCounts(config: SrtConfig): {
  readonly numPrefill: number;
  readonly numDecode: number;
  readonly numAgg: number;
  readonly prefillGpus: number;
  readonly decodeGpus: number;
  readonly aggGpus: number;
  readonly isDisaggregated: boolean;
} {
  const r = config.resources;
  const g = r.gpus_per_node;
  return {
    numPrefill: r.prefill_workers ?? 0,
    numDecode: r.decode_workers ?? 0,
    numAgg: r.agg_workers ?? 0,
    prefillGpus: (r.prefill_nodes ?? 0) * g,
    decodeGpus: (r.decode_nodes ?? 0) * g,
    aggGpus: (r.agg_nodes ?? 0) * g,
    isDisaggregated: r.prefill_nodes != null || r.decode_nodes != null,
  };
}
