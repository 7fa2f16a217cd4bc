import type { SrtConfig } from '@srt/core';

/**
 * The name the deployment serves (config.md §12): `served-model-name` / `served_model_name`
 * of the sglang prefill then aggregated map, else the last path component of `model.path`.
 */
export function recipeModelName(config: SrtConfig): string {
  const backend = config.backend as Readonly<Record<string, unknown>>;
  const sglang = backend['sglang_config'];
  if (sglang && typeof sglang === 'object') {
    for (const mode of ['prefill', 'aggregated'] as const) {
      const map = (sglang as Readonly<Record<string, unknown>>)[mode];
      if (!map || typeof map !== 'object') continue;
      const m = map as Readonly<Record<string, unknown>>;
      const name = m['served-model-name'] || m['served_model_name'];
      if (name) return String(name);
    }
  }
  const served = backend['served_model_name'];
  if (typeof served === 'string' && served) return served;
  const parts = config.model.path.replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] || config.model.path;
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
