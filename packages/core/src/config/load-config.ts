import { readTextFile } from './read-text-file.ts';
import { resolve } from 'node:path';
import type { LoadedCluster } from '../cluster/cluster-schema.ts';
import { loadClusterConfig } from '../cluster/load-cluster-config.ts';
import type { Env } from '../env.ts';
import { SrtError } from '../errors.ts';
import type { BackendSchemas } from './backend-schemas.ts';
import { parseConfig } from './parse-config.ts';
import type { SrtConfig } from './schema.ts';

export interface LoadConfigOptions {
  /** Defaults to the real environment (`nodeEnv()`). */
  readonly env?: Pick<Env, 'vars' | 'cwd' | 'fileExists' | 'readFile' | 'fileSize'>;
  readonly backends?: BackendSchemas;
  /** A cluster file already loaded; `null` means "do not look for srtslurm.yaml". */
  readonly cluster?: LoadedCluster | null;
}

/** A loaded recipe: the config, the document it came from, where, and its warnings. */
export interface LoadedConfig {
  readonly config: SrtConfig;
  /** The plain YAML document with cluster defaults and aliases applied. */
  readonly document: unknown;
  /** Absolute path of the recipe. */
  readonly path: string;
  readonly cluster: LoadedCluster | undefined;
  /** Recipe and cluster-file warnings, `file:line:col path: message`. */
  readonly warnings: readonly string[];
}

/** Reads a recipe file and its cluster file; the I/O half of `loadConfig` and `loadSweep`. */
export async function readRecipeFile(
  path: string,
  opts: LoadConfigOptions,
): Promise<{ readonly env: NonNullable<LoadConfigOptions['env']>; readonly path: string; readonly text: string; readonly cluster: LoadedCluster | undefined }> {
  const env = opts.env ?? (await import('../env.ts')).nodeEnv();
  const abs = resolve(env.cwd, path);
  if (!(await env.fileExists(abs))) {
    throw new SrtError('SRT_CONFIG_NOT_FOUND', `Config file not found: ${abs}: check the path (relative paths start at ${env.cwd})`);
  }
  // The recipe and the cluster file are read concurrently.
  const [text, cluster] = await Promise.all([
    readTextFile(env, abs, 'recipe', path),
    opts.cluster === null ? undefined : (opts.cluster ?? loadClusterConfig(env)),
  ]);
  return { env, path: abs, text, cluster };
}

/**
 * Loads and validates a recipe file, applying the cluster file's defaults and aliases.
 * The only config function that does I/O (through `env.readFile`/`fileExists`).
 *
 * @example
 * const { config, warnings } = await loadConfig('recipes/gb200-fp4.yaml', { env: nodeEnv(), backends: backendSchemas });
 */
export async function loadConfig(path: string, opts: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const file = await readRecipeFile(path, opts);
  const parsed = parseConfig(file.text, {
    source: path,
    cluster: file.cluster?.config,
    backends: opts.backends,
  });
  return {
    config: parsed.config,
    document: parsed.document,
    path: file.path,
    cluster: file.cluster,
    warnings: [...(file.cluster?.warnings ?? []), ...parsed.warnings],
  };
}
