import type { WorkerMode } from '@srt/core';

type OptionMaps = Readonly<Partial<Record<'prefill' | 'decode' | 'aggregated', Readonly<Record<string, unknown>> | null | undefined>>>;

const MAP_OF: Readonly<Record<WorkerMode, 'prefill' | 'decode' | 'aggregated'>> = { prefill: 'prefill', decode: 'decode', agg: 'aggregated' };

/**
 * The `--served-model-name` a worker of `mode` is given: the first truthy
 * `served-model-name` / `served_model_name` of the worker's own mode map (quirk B5: the
 * reference never looks at the decode map), then the prefill map, then the aggregated map,
 * else the last path component of the resolved host model path.
 */
export function servedModelNameFor(maps: OptionMaps | null | undefined, mode: WorkerMode, modelPath: string): string {
  const order = [MAP_OF[mode], 'prefill', 'aggregated'] as const;
  for (const key of order) {
    const map = maps?.[key];
    const name = map?.['served-model-name'] || map?.['served_model_name'];
    if (name) return String(name);
  }
  return lastPathComponent(modelPath);
}

/** Python `Path(p).name`: the last component, trailing slashes ignored. */
export function lastPathComponent(path: string): string {
  const parts = path.split('/').filter((s) => s !== '');
  return parts.at(-1) ?? '';
}
