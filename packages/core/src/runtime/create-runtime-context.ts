import { hfModelId } from '../config/served-model-name.ts';
import type { ClusterConfig } from '../cluster/cluster-schema.ts';
import { DEFAULT_LOG_DIR, type SrtConfig } from '../config/schema.ts';
import { formatPath } from '../format/format-path.ts';
import { expandHome, resolvePosix } from '../format/_posix-path.ts';
import { expandEnvVars } from '../format/format-template.ts';
import { placeholderValues } from '../format/placeholder-values.ts';
import { PUBLIC_PORT } from '../topology/compute-frontend-topology.ts';
import { deepFreeze } from './_deep-freeze.ts';
import { containerMounts } from './container-mounts.ts';
import { createNodes } from './create-nodes.ts';
import type { ClusterInfo, RuntimeContext } from './types.ts';

export interface CreateRuntimeContextOptions {
  /** Job working directory (the submission directory); relative paths resolve against it. */
  readonly cwd: string;
  /** Environment variables for `$VAR` expansion in paths. */
  readonly vars: Readonly<Record<string, string | undefined>>;
  /** Home directory for a leading `~` (default `vars.HOME`). */
  readonly home?: string | undefined;
  /** The cluster file (`srtslurm.yaml`), if any: `container_runtime` (default pyxis). */
  readonly clusterConfig?: ClusterConfig | undefined;
  /** Alias of `clusterConfig`. */
  readonly cluster?: ClusterConfig | undefined;
  /** argv prefix that runs this srtctl on any node. */
  readonly selfCommand: readonly string[];
  readonly srtctlRoot: string;
  /** `<SRTCTL_SOURCE_DIR>/configs` when it exists (the caller checks), mounted at `/configs`. */
  readonly configsDir?: string | undefined;
  /** The benchmark scripts directory when it exists (the caller checks), mounted at `/srtctl-benchmarks`. */
  readonly benchmarkScriptsDir?: string | undefined;
  /** An explicit output base (`-o DIR` / cluster `output_dir`, absolute, see `resolveOutputBase`); default `<cwd>/outputs`. */
  readonly outputBase?: string | undefined;
}

/**
 * Decides every path and value of one job from the config, the allocation and the
 * options (topology.md §7.3): pure (no files, no `process.env`) and frozen. The output folder is
 * `<outputBase>/<job_id>` (default base `<cwd>/outputs`); the log directory honours
 * `output.log_dir`, whose default is the output folder's `logs/` (the reference's fixed
 * location); mounts follow §8 with a warning on conflicting duplicates (T6).
 *
 * @example
 * const runtime = createRuntimeContext(config, await readCluster(env), { cwd: env.cwd, vars: env.vars, selfCommand, srtctlRoot });
 */
export function createRuntimeContext(config: SrtConfig, cluster: ClusterInfo, opts: CreateRuntimeContextOptions): RuntimeContext {
  const { cwd, vars } = opts;
  const home = opts.home ?? vars['HOME'];
  const nodes = createNodes(cluster.nodes);
  const nodeAddrs: ReadonlyMap<string, string> = new Map(cluster.nodeAddrs);
  const jobId = cluster.jobId;
  const base = {
    jobId,
    runName: `${config.name}_${jobId}`,
    headNodeIp: nodeAddrs.get(nodes.head) ?? nodes.head,
    modelPath: modelPathOf(expandEnvVars(config.model.path, vars), cwd),
    containerImage: containerImage(config.model.container, cwd, vars, home),
    gpusPerNode: config.resources.gpus_per_node,
  };
  const pathOpts = { cwd, vars, ...(home === undefined ? {} : { home }) };
  const { log_dir: _self, ...logDirValues } = placeholderValues({ ...base, logDir: '' });
  const outputDir = resolvePosix(opts.outputBase ?? resolvePosix(cwd, 'outputs'), jobId);
  // The default log_dir follows the output folder (`-o DIR`); a log_dir of the recipe's own is kept.
  const logDir = config.output.log_dir === DEFAULT_LOG_DIR ? `${outputDir}/logs` : formatPath(config.output.log_dir, logDirValues, pathOpts);
  const containerRuntime = opts.clusterConfig?.container_runtime ?? opts.cluster?.container_runtime ?? 'pyxis';
  const mounts = containerMounts(config, { ...base, logDir }, { ...pathOpts, configsDir: opts.configsDir, benchmarkScriptsDir: opts.benchmarkScriptsDir });
  return deepFreeze({
    ...base,
    nodes,
    nodeAddrs,
    cwd,
    outputDir,
    ...(opts.outputBase === undefined ? {} : { outputBase: opts.outputBase }),
    logDir,
    containerMounts: mounts.mounts,
    containerRuntime,
    environment: { ...config.environment },
    srunOptions: srunOptions(config.srun_options),
    frontendPort: PUBLIC_PORT,
    selfCommand: [...opts.selfCommand],
    srtctlRoot: opts.srtctlRoot,
    workerPaths: {
      // An `hf:` model is not mounted: workers get the Hugging Face id (engines.md §7).
      modelPath: hfModelId(base.modelPath) ?? (containerRuntime === 'pyxis' ? '/model' : base.modelPath),
      logDir: containerRuntime === 'pyxis' ? '/logs' : logDir,
    },
    warnings: mounts.warnings,
  });
}

/** `hf:<id>` stays as written (engines.md §7); a file path becomes absolute. */
function modelPathOf(expanded: string, cwd: string): string {
  return hfModelId(expanded) === undefined ? resolvePosix(cwd, expanded) : expanded;
}

/** Image references stay as written; file paths (`/`, `.`, `~`, `*.sqsh`) become absolute (L6). */
function containerImage(image: string, cwd: string, vars: Readonly<Record<string, string | undefined>>, home: string | undefined): string {
  const expanded = expandEnvVars(image, vars);
  const isFile = /^[/.~]/.test(expanded) || expanded.endsWith('.sqsh');
  return isFile ? resolvePosix(cwd, expandHome(expanded, home)) : expanded;
}

/** srun flags as strings: `true`/`null` become a bare flag (''), `false` drops the flag. */
function srunOptions(options: SrtConfig['srun_options']): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) {
    if (v === false) continue;
    out[k] = v === true || v === null ? '' : String(v);
  }
  return out;
}
