import { isMap } from '../_is-map.ts';
import type { ClusterConfig } from './cluster-schema.ts';

type Cluster = Pick<ClusterConfig, 'default_account' | 'default_partition' | 'default_time_limit' | 'model_paths' | 'containers'>;

const SLURM_DEFAULTS = [
  ['account', 'default_account'],
  ['partition', 'default_partition'],
  ['time_limit', 'default_time_limit'],
] as const;

/**
 * Fills SLURM defaults and resolves model/container aliases from the cluster file
 * (config.md §10). Pure: returns a new document. Keys the user wrote (even as `null`)
 * win; only whole-string aliases match. Anything that is not a map is left for validation
 * to report.
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
