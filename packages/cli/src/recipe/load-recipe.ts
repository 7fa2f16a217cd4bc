import { resolve } from 'node:path';
import { backendSchemas } from '@srt/backends';
import {
  ConfigError,
  type Env,
  expandSweep,
  isSweepDocument,
  type LoadedCluster,
  loadClusterConfig,
  loadConfig,
  locateIssues,
  parseYamlSource,
  type SrtConfig,
  SrtError,
} from '@srt/core';

/** One job of a recipe: the recipe itself, or one point of its sweep. */
export interface RecipeJob {
  /** 1-based position in the sweep (1 for a single recipe). */
  readonly index: number;
  readonly name: string;
  /** Sweep parameters of this job (empty for a single recipe). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly config: SrtConfig;
}

/** A recipe file with its jobs validated. */
export interface Recipe {
  /** Absolute path. */
  readonly path: string;
  readonly isSweep: boolean;
  /** The raw document as written (before defaults). */
  readonly rawDocument: unknown;
  /** Raw top-level `name`. */
  readonly name: string;
  readonly cluster: LoadedCluster | undefined;
  readonly jobs: readonly RecipeJob[];
  readonly warnings: readonly string[];
}

type RecipeEnv = Pick<Env, 'vars' | 'cwd' | 'fileExists' | 'readFile'>;

async function loadSweepJobs(file: string, text: string, cluster: LoadedCluster | undefined): Promise<{ jobs: RecipeJob[]; warnings: string[] }> {
  const source = parseYamlSource(text);
  if (source.issues.length > 0) throw new ConfigError('SRT_CONFIG_INVALID', file, locateIssues(source.issues));
  const expanded = expandSweep(source.value, { cluster: cluster?.config, backends: backendSchemas, source: file, locate: source.locate });
  const warnings = [...new Set(expanded.flatMap((job) => job.warnings))];
  return { jobs: expanded.map((job) => ({ index: job.index, name: job.name, params: job.params, config: job.config })), warnings };
}

/**
 * Loads a recipe: a single job (`loadConfig`) or, when the file has a top-level `sweep:`
 * (or `forceSweep`), every job of the sweep, each validated. Any invalid job fails the
 * whole recipe, so nothing is submitted half-way.
 */
export async function loadRecipe(file: string, env: RecipeEnv, opts: { readonly forceSweep?: boolean } = {}): Promise<Recipe> {
  const path = resolve(env.cwd, file);
  if (!(await env.fileExists(path))) throw new SrtError('SRT_CONFIG_NOT_FOUND', `Config not found: ${file} (looked for ${path})`);
  const text = await env.readFile(path);
  const raw = parseYamlSource(text).value;
  const rawName = typeof raw === 'object' && raw !== null && typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name : '';
  if (opts.forceSweep === true || isSweepDocument(raw)) {
    const cluster = await loadClusterConfig(env);
    const { jobs, warnings } = await loadSweepJobs(file, text, cluster);
    return { path, isSweep: true, rawDocument: raw, name: rawName, cluster, jobs, warnings: [...(cluster?.warnings ?? []), ...warnings] };
  }
  const loaded = await loadConfig(file, { env, backends: backendSchemas });
  return {
    path,
    isSweep: false,
    rawDocument: raw,
    name: loaded.config.name,
    cluster: loaded.cluster,
    jobs: [{ index: 1, name: loaded.config.name, params: {}, config: loaded.config }],
    warnings: loaded.warnings,
  };
}
