import { LONG_OPTION_NAME, SBATCH_DIRECTIVE_VALUE } from '../render/sbatch-script.ts';
import { ENV_NAME } from '../render/shell-quote.ts';
import type { ConfigIssue, PathKey } from './config-error.ts';
import type { RuleInput } from './config-rule.ts';

const isMap = (x: unknown): x is Readonly<Record<string, unknown>> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Keys of one environment map that `export NAME=…` cannot take. */
function envKeyIssues(map: unknown, path: readonly PathKey[]): ConfigIssue[] {
  if (!isMap(map)) return [];
  return Object.keys(map)
    .filter((key) => !ENV_NAME.test(key))
    .map((key) => ({ path: [...path, key], message: `${JSON.stringify(key)} is not an environment variable name: use letters, digits and _ (not starting with a digit)`, atKey: true }));
}

/** Values placed after `#SBATCH --<flag>=`. */
function directiveValueIssue(value: unknown, path: readonly PathKey[], what: string): ConfigIssue[] {
  // null, '' and true are a bare flag; false drops the line.
  if ((typeof value !== 'string' && typeof value !== 'number') || value === '') return [];
  if (SBATCH_DIRECTIVE_VALUE.test(String(value))) return [];
  return [{ path, message: `${what} goes into an #SBATCH line: use only letters, digits and punctuation without spaces, quotes, backslashes or #` }];
}

const MOUNT_COMMA = 'pyxis splits --container-mounts at "," (a path with "," cannot be mounted): rename the directory or mount a parent';

/**
 * Recipe values that reach an `export`, an `#SBATCH` line, an srun flag name or pyxis'
 * `--container-mounts` list and cannot be quoted there are refused here, with their position,
 * instead of failing (or misbehaving) when the job is planned: environment names (every
 * environment map, backend ones included), `slurm.*`, `sbatch_directives`,
 * `srun_options` names and mounts with `,` (or `:` in a host path).
 *
 * @example shellSafetyRule({ config, document }) // environment: { 'A B': '1' } → [{ path: ['environment', 'A B'], message: '"A B" is not an environment variable name: …', atKey: true }]
 */
export function shellSafetyRule({ config, document }: RuleInput): readonly ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  issues.push(...envKeyIssues(config.environment, ['environment']));
  issues.push(...envKeyIssues(config.frontend.env, ['frontend', 'env']));
  issues.push(...envKeyIssues(config.benchmark.env, ['benchmark', 'env']));
  for (const [i, b] of (config.benchmarks ?? []).entries()) issues.push(...envKeyIssues(b.env, ['benchmarks', i, 'env']));
  const backend = document['backend'];
  if (isMap(backend)) {
    for (const [key, value] of Object.entries(backend)) if (key.endsWith('environment')) issues.push(...envKeyIssues(value, ['backend', key]));
  }
  // The job name is checked where the batch script is rendered: a sweep makes it from parameter values.
  for (const key of ['account', 'partition', 'time_limit'] as const) issues.push(...directiveValueIssue(config.slurm[key], ['slurm', key], `slurm.${key}`));
  for (const [key, value] of Object.entries(config.sbatch_directives)) {
    if (!LONG_OPTION_NAME.test(key)) issues.push({ path: ['sbatch_directives', key], message: 'write the long option name without dashes, e.g. `mem` or `exclusive`', atKey: true });
    else issues.push(...directiveValueIssue(value, ['sbatch_directives', key], `sbatch_directives.${key}`));
  }
  for (const key of Object.keys(config.srun_options)) {
    if (!LONG_OPTION_NAME.test(key)) issues.push({ path: ['srun_options', key], message: 'not an srun option name: write the long option name without dashes, e.g. `mpi: pmix`', atKey: true });
  }
  for (const [i, entry] of (config.extra_mount ?? []).entries()) {
    if (entry.includes(',')) issues.push({ path: ['extra_mount', i], message: MOUNT_COMMA });
  }
  for (const [host, container] of Object.entries(config.container_mounts)) {
    if (host.includes(',') || host.includes(':')) issues.push({ path: ['container_mounts', host], message: `${MOUNT_COMMA}; a host path cannot hold ":" either (it ends the host part)`, atKey: true });
    if (container.includes(',')) issues.push({ path: ['container_mounts', host], message: MOUNT_COMMA });
  }
  return issues;
}
