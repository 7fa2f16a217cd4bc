import type { LoadedCluster } from '../cluster/cluster-schema.ts';
import { ConfigError, formatIssueLine, locateIssues } from '../config/config-error.ts';
import { readRecipeFile, type LoadConfigOptions } from '../config/load-config.ts';
import { parseYamlSource } from '../config/parse-yaml-source.ts';
import { expandSweep, type SweepJob } from './expand-sweep.ts';

/** A loaded sweep file: its validated jobs, where it was, and all warnings once. */
export interface LoadedSweep {
  readonly jobs: readonly SweepJob[];
  /** Absolute path of the sweep file. */
  readonly path: string;
  readonly cluster: LoadedCluster | undefined;
  readonly warnings: readonly string[];
}

/**
 * Loads a sweep file (a recipe with a top-level `sweep:`), applies the cluster file, and
 * expands and validates every job; problems carry the sweep file's line and column.
 *
 * @example const { jobs } = await loadSweep('sweep.yaml', { env: nodeEnv() });
 */
export async function loadSweep(path: string, opts: LoadConfigOptions = {}): Promise<LoadedSweep> {
  const file = await readRecipeFile(path, opts);
  const yaml = parseYamlSource(file.text);
  if (yaml.issues.length > 0) throw new ConfigError(yaml.code ?? 'SRT_CONFIG_INVALID', path, locateIssues(yaml.issues));
  const jobs = expandSweep(yaml.value, {
    cluster: file.cluster?.config,
    backends: opts.backends,
    source: path,
    locate: yaml.locate,
  });
  const duplicates = locateIssues(yaml.warnings).map((w) => formatIssueLine(path, w));
  const warnings = [...new Set([...(file.cluster?.warnings ?? []), ...duplicates, ...jobs.flatMap((j) => j.warnings)])];
  return { jobs, path: file.path, cluster: file.cluster, warnings };
}
