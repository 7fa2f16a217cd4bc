import { isAbsolute, join } from 'node:path';
import { ConfigError, type ConfigIssue, didYouMean, type Env, expandEnvVars, hfModelId, locateIssues, parseYamlSource, type PathKey } from '@srt/core';
import type { Recipe } from './load-recipe.ts';
import type { PlannedJob } from './plan-job.ts';

export interface PreflightOptions {
  readonly env: Pick<Env, 'vars' | 'cwd' | 'fileExists' | 'readFile'>;
  /** `--no-preflight`: skip the checks that need the cluster's file system (model, image, setup script). */
  readonly skipClusterFiles?: boolean;
  /** The effective setup script came from `--setup-script` (no place in the recipe). */
  readonly setupScriptFromFlag?: boolean;
}

/** Backends that read no model weights (their `model.path` is a label). */
const NO_WEIGHTS = new Set(['mock']);

/**
 * The problems of planned jobs that only the submit host can see, each with its place in the
 * recipe: a `model.path` that is neither a cluster alias nor an existing or absolute path (the
 * reference silently used `<cwd>/<name>`), and unless `skipClusterFiles` (`--no-preflight`): a
 * `setup_script` missing from `<srtctl root>/configs/`, a model directory or `.sqsh`/path image
 * that does not exist.
 */
export async function preflightIssues(recipe: Recipe, planned: readonly PlannedJob[], o: PreflightOptions): Promise<readonly ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const add = (path: readonly PathKey[], message: string): void => {
    const key = `${path.join('.')}\n${message}`;
    if (!seen.has(key)) (seen.add(key), issues.push({ path, message }));
  };
  const exists = (p: string): Promise<boolean> => o.env.fileExists(p).catch(() => false);
  for (const { config, plan } of planned) {
    const { runtime } = plan;
    const written = expandEnvVars(config.model.path, o.env.vars);
    const aliases = Object.keys(recipe.cluster?.config.model_paths ?? {});
    if (hfModelId(written) !== undefined) {
      // `hf:` ids are downloaded by the workers (engines.md): nothing to find on this host.
    } else if (!isAbsolute(written) && !(await exists(runtime.modelPath))) {
      const near = didYouMean(written, aliases);
      const where = recipe.cluster === undefined ? 'there is no srtslurm.yaml' : aliases.length === 0 ? `${recipe.cluster.path} has no model_paths` : `${recipe.cluster.path} model_paths has ${aliases.join(', ')}`;
      add(['model', 'path'], `"${config.model.path}" is neither a model alias (${where}) nor an existing path (${runtime.modelPath})${near === undefined ? '' : `; did you mean \`${near}\`?`}: add the alias to model_paths or write the model's path`);
    } else if (o.skipClusterFiles !== true && !NO_WEIGHTS.has(config.backend.type) && !(await exists(runtime.modelPath))) {
      add(['model', 'path'], `model directory ${runtime.modelPath} does not exist on this host; fix the path, or pass --no-preflight if only the compute nodes can see it`);
    }
    const image = runtime.containerImage;
    if (o.skipClusterFiles !== true && runtime.containerRuntime === 'pyxis' && image.startsWith('/') && !(await exists(image))) {
      add(['model', 'container'], `container image ${image} does not exist on this host; fix the path (or an alias in containers), or pass --no-preflight if only the compute nodes can see it`);
    }
    if (o.skipClusterFiles !== true && config.setup_script != null && config.setup_script !== '') {
      const script = join(runtime.srtctlRoot, 'configs', config.setup_script);
      if (!(await exists(script))) {
        const what = o.setupScriptFromFlag === true ? `--setup-script ${config.setup_script}` : `"${config.setup_script}"`;
        add(['setup_script'], `${what}: ${script} does not exist; put the script in ${join(runtime.srtctlRoot, 'configs')}/ (mounted at /configs in the job)`);
      }
    }
  }
  return issues;
}

/**
 * `file:line:col path: message` lines for issues of the recipe file (positions looked up in the
 * text as read; sweep jobs and override variants share the file's positions).
 */
export function locateRecipeIssues(file: string, recipe: Recipe, issues: readonly ConfigIssue[]): ConfigError | undefined {
  if (issues.length === 0) return undefined;
  const source = parseYamlSource(recipe.text);
  return new ConfigError('SRT_CONFIG_INVALID', file, locateIssues(issues, source.locate));
}
