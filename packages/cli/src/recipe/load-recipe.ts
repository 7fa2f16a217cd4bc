import { resolve } from 'node:path';
import { backendSchemas } from '@srt/backends';
import { type Env, isSweepDocument, parseYaml, type LoadedCluster, loadConfig, loadSweep, readTextFile, type SrtConfig, SrtError } from '@srt/core';

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

/** The file as plain data, read as the reference reads recipes (YAML 1.1); `undefined` when it does not parse. */
export function rawDocument(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return undefined;
  }
}

type RecipeEnv = Pick<Env, 'vars' | 'cwd' | 'fileExists' | 'readFile' | 'fileSize'>;

/**
 * Loads a recipe: a single job (`loadConfig`) or, when the file has a top-level `sweep:`
 * (or `forceSweep`), every job of the sweep (`loadSweep`), each validated. Any invalid job
 * fails the whole recipe, so nothing is submitted half-way.
 *
 * @example const recipe = await loadRecipe('examples/mock/disagg.yaml', nodeEnv()); // recipe.jobs: one per sweep point
 */
export async function loadRecipe(file: string, env: RecipeEnv, opts: { readonly forceSweep?: boolean } = {}): Promise<Recipe> {
  const path = resolve(env.cwd, file);
  if (!(await env.fileExists(path))) throw new SrtError('SRT_CONFIG_NOT_FOUND', `Config not found: ${file} (looked for ${path})`);
  const raw = rawDocument(await readTextFile(env, path, 'recipe', file));
  if (opts.forceSweep === true || isSweepDocument(raw)) {
    const sweep = await loadSweep(file, { env, backends: backendSchemas });
    const name = typeof raw === 'object' && raw !== null ? String((raw as { name?: unknown }).name ?? '') : '';
    const jobs = sweep.jobs.map((j) => ({ index: j.index, name: j.name, params: j.params, config: j.config }));
    return { path, isSweep: true, rawDocument: raw, name, cluster: sweep.cluster, jobs, warnings: sweep.warnings };
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
