import { isMap } from '../_is-map.ts';
import type { ClusterConfig } from './cluster-schema.ts';

type Cluster = Pick<ClusterConfig, 'default_account' | 'default_partition' | 'default_time_limit' | 'model_paths' | 'containers' | 'default_health_check'>;

const SLURM_DEFAULTS = [
  ['account', 'default_account'],
  ['partition', 'default_partition'],
  ['time_limit', 'default_time_limit'],
] as const;

/**
 * Fills SLURM defaults, merges `default_health_check` into `health_check` key by key, and
 * resolves model/container aliases from the cluster file (config.md §10). Pure: returns a new
 * document. SLURM keys the user wrote (even as `null`) win; a `health_check` key the user left
 * out or set to `null` takes the cluster's value (fix V12: the reference replaced the whole
 * block, and only when the recipe had none). Only whole-string aliases match. Anything that is
 * not a map is left for validation to report.
 *
 * @example applyClusterDefaults({ model: { path: 'dsfp4' } }, { model_paths: { dsfp4: '/models/ds' } })
 */
export function applyClusterDefaults(document: unknown, cluster: Cluster | undefined): unknown {
  if (cluster === undefined || !isMap(document)) return document;
  const out: Record<string, unknown> = { ...document };
  const slurmIn = out['slurm'] ?? {};
  if (isMap(slurmIn)) {
    const slurm: Record<string, unknown> = { ...slurmIn };
    for (const [key, def] of SLURM_DEFAULTS) {
      const value = cluster[def];
      if (!Object.hasOwn(slurm, key) && value) slurm[key] = value;
    }
    out['slurm'] = slurm;
  }
  const health = mergeHealthCheck(out['health_check'], cluster.default_health_check);
  if (health !== undefined) out['health_check'] = health;
  const model = out['model'];
  if (isMap(model)) {
    out['model'] = {
      ...model,
      ...alias(model, 'path', cluster.model_paths),
      ...alias(model, 'container', cluster.containers),
    };
  }
  return out;
}

function alias(model: Readonly<Record<string, unknown>>, key: string, map: Readonly<Record<string, string>> | null | undefined): Record<string, string> {
  const value = model[key];
  if (typeof value !== 'string' || !map || !Object.hasOwn(map, value)) return {};
  return { [key]: map[value]! };
}

/** The recipe's `health_check` with the cluster's keys filled where the recipe has none (or `null`). */
function mergeHealthCheck(recipe: unknown, defaults: ClusterConfig['default_health_check']): unknown {
  if (defaults == null || (recipe != null && !isMap(recipe))) return undefined;
  const out: Record<string, unknown> = { ...(recipe ?? {}) };
  for (const [key, value] of Object.entries(defaults)) {
    if (value != null && out[key] == null) out[key] = value;
  }
  return out;
}
