import { resolve } from 'node:path';
import type { Env } from '../env.ts';
import { SrtError } from '../errors.ts';

/**
 * Where `srtslurm.yaml` is: `$SRTSLURM_CONFIG` if set (it must exist), else the first of
 * `<cwd>/srtslurm.yaml`, `<cwd>/../srtslurm.yaml`, `<cwd>/../../srtslurm.yaml`.
 *
 * @example const path = await findClusterConfig(nodeEnv()); // SRTSLURM_CONFIG, else ./srtslurm.yaml upwards
 */
export async function findClusterConfig(env: Pick<Env, 'vars' | 'cwd' | 'fileExists'>): Promise<string | undefined> {
  const explicit = env.vars['SRTSLURM_CONFIG'];
  if (explicit !== undefined && explicit !== '') {
    const path = resolve(env.cwd, explicit);
    if (await env.fileExists(path)) return path;
    throw new SrtError(
      'SRT_CONFIG_NOT_FOUND',
      `SRTSLURM_CONFIG points to ${path}, which does not exist: fix the path or unset SRTSLURM_CONFIG`,
    );
  }
  for (const dir of [env.cwd, resolve(env.cwd, '..'), resolve(env.cwd, '../..')]) {
    const path = resolve(dir, 'srtslurm.yaml');
    if (await env.fileExists(path)) return path;
  }
  return undefined;
}
