import type { WorkerMode } from '../topology/types.ts';
import type { SrtConfig } from './schema.ts';

type ModeMaps = Readonly<Record<string, unknown>> | null | undefined;
type ConfigForName = Pick<SrtConfig, 'model' | 'backend'>;

const MAP_KEY: Readonly<Record<WorkerMode | 'aggregated', string>> = {
  prefill: 'prefill',
  decode: 'decode',
  agg: 'aggregated',
  aggregated: 'aggregated',
};

/**
 * The served model name as the reference computes it (config.md §12): `served-model-name`
 * (or `served_model_name`) of the backend's prefill map, then its aggregated map, else the
 * last component of `model.path`. A backend-level `backend.served_model_name` (mock) wins (R7).
 *
 * @example servedModelName(config) // the recipe's served-model-name, else the model path's last component
 */
export function servedModelName(config: ConfigForName): string {
  return nameFromMaps(config, ['prefill', 'aggregated']) ?? lastComponent(config.model.path);
}

/**
 * The served model name for one worker mode (fix B5): the mode's own map first, then
 * prefill, then aggregated, else the last component of `model.path`.
 *
 * @example servedModelNameForMode(config, 'decode') // the decode map's name, else prefill's, else aggregated's
 */
export function servedModelNameForMode(config: ConfigForName, mode: WorkerMode | 'aggregated'): string {
  const order = [...new Set([MAP_KEY[mode], 'prefill', 'aggregated'])];
  return nameFromMaps(config, order) ?? lastComponent(config.model.path);
}

function nameFromMaps(config: ConfigForName, keys: readonly string[]): string | undefined {
  // A backend-level name (the mock backend's `served_model_name`) is what every worker serves.
  const direct = (config.backend as Readonly<Record<string, unknown>> | undefined)?.['served_model_name'];
  if (typeof direct === 'string' && direct !== '') return direct;
  const sglang = (config.backend as Readonly<Record<string, unknown>>)['sglang_config'] as
    | Readonly<Record<string, ModeMaps>>
    | null
    | undefined;
  if (!sglang) return undefined;
  for (const key of keys) {
    const map = sglang[key];
    const name = map?.['served-model-name'] || map?.['served_model_name'];
    if (name) return String(name);
  }
  return undefined;
}

/**
 * Last path component, a trailing slash ignored (`/models/DeepSeek-R1/` → `DeepSeek-R1`).
 *
 * @example lastComponent('/models/DeepSeek-R1/') // → 'DeepSeek-R1'
 */
export function lastComponent(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
