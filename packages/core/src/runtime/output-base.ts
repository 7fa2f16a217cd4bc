import type { LoadedCluster } from '../cluster/cluster-schema.ts';
import { SrtError } from '../errors.ts';
import { expandHome, resolvePosix } from '../format/_posix-path.ts';
import { expandEnvVars } from '../format/format-template.ts';

/** Where the output folders of jobs go (`<base>/<job_id>`), and where that came from. */
export interface OutputBase {
  /** Absolute path, decided on the submit host. */
  readonly path: string;
  /** `-o/--output`, the cluster file's `output_dir`, or the default `<cwd>/outputs`. */
  readonly from: 'flag' | 'cluster' | 'default';
}

/**
 * Characters an output base cannot hold: it goes into `#SBATCH --output=<base>/%j/…`, which sbatch
 * reads without a shell (no quoting there), splits at whitespace, and where `%` is a pattern.
 */
const UNSAFE = /[\s"'\\#%\u0000-\u001f\u007f]/;

/**
 * Why `path` cannot be an output base, or `undefined` when it can. Everything else (`$`, `;`,
 * backquotes, `*`) is kept byte for byte: the batch script shell-quotes it.
 *
 * @example outputBaseProblem('/shared/runs') // undefined
 * @example outputBaseProblem('/shared/my runs') // 'it contains whitespace, a quote, a backslash, # or %, which cannot go into an #SBATCH line'
 */
export function outputBaseProblem(path: string): string | undefined {
  if (path === '') return 'it is empty';
  return UNSAFE.test(path) ? 'it contains whitespace, a quote, a backslash, # or %, which cannot go into an #SBATCH line' : undefined;
}

/**
 * The output base of a job (variants-and-workflows §5.3): `-o DIR` > the cluster file's
 * `output_dir` (`$VAR` and `~` expanded) > `<cwd>/outputs`, made absolute against `cwd` at
 * submit time. Pure. An explicit base that cannot go into the batch script is refused
 * (`SRT_USAGE` for the flag, `SRT_CLUSTER_INVALID` for the cluster file).
 *
 * @example resolveOutputBase('runs', undefined, { cwd: '/work', vars: {} }) // { path: '/work/runs', from: 'flag' }
 */
export function resolveOutputBase(
  flag: string | undefined,
  cluster: Pick<LoadedCluster, 'path' | 'config'> | undefined,
  env: { readonly cwd: string; readonly vars: Readonly<Record<string, string | undefined>> },
): OutputBase {
  const fromCluster = cluster?.config.output_dir;
  if (flag === undefined && (fromCluster === undefined || fromCluster === null)) return { path: resolvePosix(env.cwd, 'outputs'), from: 'default' };
  if (flag !== undefined) {
    const path = flag === '' ? '' : resolvePosix(env.cwd, flag);
    const problem = outputBaseProblem(path);
    if (problem !== undefined) throw new SrtError('SRT_USAGE', `-o/--output ${JSON.stringify(flag)} cannot be an output folder: ${problem}; choose a folder on a shared file system without such characters`);
    return { path, from: 'flag' };
  }
  const expanded = expandHome(expandEnvVars(String(fromCluster), env.vars), env.vars['HOME']);
  const path = expanded === '' ? '' : resolvePosix(env.cwd, expanded);
  const problem = outputBaseProblem(path);
  if (problem !== undefined) {
    throw new SrtError('SRT_CLUSTER_INVALID', `${cluster?.path ?? 'srtslurm.yaml'}: output_dir ${JSON.stringify(fromCluster)} (${JSON.stringify(path)}) cannot be an output folder: ${problem}; change it, or give -o DIR`);
  }
  return { path, from: 'cluster' };
}
