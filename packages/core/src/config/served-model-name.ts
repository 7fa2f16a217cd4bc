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
  const section = config.backend as Readonly<Record<string, unknown>>;
  // TRT-LLM (fix E9) and the mock have one backend-level name.
  if (typeof section['served_model_name'] === 'string' && section['served_model_name'] !== '') return section['served_model_name'];
  const sglang = (section['sglang_config'] ?? section['vllm_config'] ?? section['engine_config']) as
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
 * Last path component, a trailing slash ignored (`/models/DeepSeek-R1/` → `DeepSeek-R1`;
 * `hf:Qwen/Qwen3-0.6B` → `Qwen3-0.6B`).
 *
 * @example lastComponent('/models/DeepSeek-R1/') // → 'DeepSeek-R1'
 */
export function lastComponent(path: string): string {
  const trimmed = hfModelId(path) ?? path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * The Hugging Face id of an `hf:` model path (engines.md §7), else undefined.
 *
 * @example hfModelId('hf:Qwen/Qwen3-8B/') // → 'Qwen/Qwen3-8B'
 */
export function hfModelId(path: string): string | undefined {
  return path.startsWith('hf:') ? path.slice(3).replace(/\/+$/, '') : undefined;
}
