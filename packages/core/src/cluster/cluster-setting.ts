import type { ClusterConfig } from './cluster-schema.ts';

/**
 * A cluster setting, or `fallback` when there is no cluster file or the key is unset
 * (unlike the reference, a valid file that omits a key does not turn it into null).
 */
export function clusterSetting<K extends keyof ClusterConfig>(
  cluster: ClusterConfig | undefined,
  key: K,
  fallback: NonNullable<ClusterConfig[K]>,
): NonNullable<ClusterConfig[K]> {
  return cluster?.[key] ?? fallback;
}
