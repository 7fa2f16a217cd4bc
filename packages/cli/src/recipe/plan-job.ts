import { type ClusterConfig, createRuntimeContext, srtctlConfigsDir, deriveResources, type Env, type SrtConfig } from '@srt/core';
import { syntheticNodes } from '../plan/node-list.ts';
import { type LaunchPlan, planLaunch } from '../plan/plan-launch.ts';
import type { BundleLocation } from '../submit/locate-bundle.ts';
import { renderConfigSnapshot } from './config-snapshot.ts';
import type { Recipe, RecipeJob } from './load-recipe.ts';

export interface PlanJobOptions {
  readonly env: Pick<Env, 'vars' | 'cwd'>;
  readonly recipe: Recipe;
  readonly bundle: BundleLocation;
  /** Node names (`--nodes`); default `node-01 … node-NN` for the recipe's total nodes. */
  readonly nodes?: readonly string[] | undefined;
  /** Job id used in the plan's paths (the real one is known only once SLURM assigns it). */
  readonly jobId: string;
  /** `YYYYmmdd_HHMMSS`. */
  readonly generatedAt: string;
  /** `--setup-script`: overrides `setup_script` in the config the job runs from (quirk L1). */
  readonly setupScript?: string | undefined;
  /** `--serve-only`: ignore the recipe's benchmark and serve until cancelled. */
  readonly serveOnly?: boolean | undefined;
  /** Plan without the benchmark when its settings are invalid (dry-run), with a warning. */
  readonly allowInvalidBenchmark?: boolean;
  /** An explicit output base (`-o DIR` / cluster `output_dir`, from `resolveOutputBase`); default `<cwd>/outputs`. */
  readonly outputBase?: string | undefined;
  /**
   * Render the config snapshot the batch script embeds (default true). `validate` turns it off:
   * it only checks that the plan fits, and rendering the YAML is half the cost of planning a job.
   */
  readonly snapshot?: boolean;
}

/** A job ready to submit: the effective config, the snapshot the job reads, and its plan. */
export interface PlannedJob {
  readonly job: RecipeJob;
  readonly config: SrtConfig;
  readonly snapshot: string;
  readonly plan: LaunchPlan;
}

/** Applies CLI overrides (`--setup-script`; `--serve-only`: the benchmark becomes `manual`) to a job's config. */
export function withOverrides(config: SrtConfig, o: { readonly setupScript?: string | undefined; readonly serveOnly?: boolean | undefined }): SrtConfig {
  const withScript = o.setupScript === undefined ? config : { ...config, setup_script: o.setupScript };
  return o.serveOnly === true ? { ...withScript, benchmark: { ...withScript.benchmark, type: 'manual' } } : withScript;
}

/** The `# Config:` line of the script: the file, plus the sweep job or variant. */
function configSource(recipe: Recipe, job: RecipeJob): string {
  const path = recipe.path === '-' ? '<stdin>' : recipe.path;
  if (job.variant !== undefined) return `${path} (${job.variant.label}: ${job.name})`;
  return recipe.isSweep ? `${path} (sweep job ${job.index}: ${job.name})` : path;
}

/**
 * Plans one job of a recipe against a node list (synthetic unless given): runtime, launch
 * plan, sbatch script with the config snapshot embedded. Throws when the plan does not fit.
 *
 * @example const { plan } = planJob(recipe.jobs[0]!, { env, recipe, bundle, jobId: 'dry-run', generatedAt: '20250101_120000' });
 */
export function planJob(job: RecipeJob, o: PlanJobOptions): PlannedJob {
  const config = withOverrides(job.config, o);
  const nodes = o.nodes ?? syntheticNodes(deriveResources(config.resources).totalNodes);
  const cluster: ClusterConfig | undefined = o.recipe.cluster?.config;
  const runtime = createRuntimeContext(
    config,
    { jobId: o.jobId, nodes, nodeAddrs: new Map(nodes.map((n) => [n, n])) },
    { cwd: o.env.cwd, vars: o.env.vars, cluster, selfCommand: o.bundle.selfCommand, srtctlRoot: o.bundle.root, configsDir: srtctlConfigsDir(o.bundle.root), outputBase: o.outputBase },
  );
  const snapshot = o.snapshot === false ? '' : renderConfigSnapshot(config);
  const plan = planLaunch(config, runtime, {
    cluster,
    vars: o.env.vars,
    configSource: configSource(o.recipe, job),
    configSnapshot: snapshot,
    generatedAt: o.generatedAt,
    allowInvalidBenchmark: o.allowInvalidBenchmark ?? false,
  });
  return { job, config, snapshot, plan };
}
