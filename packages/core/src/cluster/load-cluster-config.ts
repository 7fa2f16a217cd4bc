import { readTextFile } from '../config/read-text-file.ts';
import type { Env } from '../env.ts';
import type { LoadedCluster } from './cluster-schema.ts';
import { findClusterConfig } from './find-cluster-config.ts';
import { parseClusterConfig } from './parse-cluster-config.ts';

/**
 * Finds, reads and validates the cluster file; `undefined` when there is none. An invalid
 * file throws `SRT_CLUSTER_INVALID` with every problem.
 *
 * @example const cluster = await loadClusterConfig(nodeEnv());
 */
export async function loadClusterConfig(
  env: Pick<Env, 'vars' | 'cwd' | 'fileExists' | 'readFile' | 'fileSize'>,
): Promise<LoadedCluster | undefined> {
  const path = await findClusterConfig(env);
  if (path === undefined) return undefined;
  const { config, warnings } = parseClusterConfig(await readTextFile(env, path, 'cluster file'), { source: path });
  return { path, config, warnings };
}
