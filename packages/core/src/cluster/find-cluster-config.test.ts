import { describe, expect, it } from 'vitest';
import { rejected } from '../config/_errors.ts';
import { memoryEnv } from '../config/_memory-env.ts';
import { findClusterConfig } from './find-cluster-config.ts';

describe('findClusterConfig', () => {
  it.each([
    ['the working directory', ['/a/b/c/srtslurm.yaml', '/a/srtslurm.yaml'], '/a/b/c/srtslurm.yaml'],
    ['the parent', ['/a/b/srtslurm.yaml', '/a/srtslurm.yaml'], '/a/b/srtslurm.yaml'],
    ['the grandparent', ['/a/srtslurm.yaml'], '/a/srtslurm.yaml'],
    ['nowhere above the grandparent', ['/srtslurm.yaml'], undefined],
  ])('finds the file in %s first', async (_where, paths, expected) => {
    const env = memoryEnv(Object.fromEntries(paths.map((p) => [p, ''])), { cwd: '/a/b/c' });
    expect(await findClusterConfig(env)).toBe(expected);
  });

  it('prefers SRTSLURM_CONFIG, relative to the working directory', async () => {
    const env = memoryEnv({ '/a/b/c/srtslurm.yaml': '', '/etc/x.yaml': '' }, { cwd: '/a/b/c', vars: { SRTSLURM_CONFIG: '../../../etc/x.yaml' } });
    expect(await findClusterConfig(env)).toBe('/etc/x.yaml');
  });

  it('fails when SRTSLURM_CONFIG names a missing file', async () => {
    const env = memoryEnv({ '/w/srtslurm.yaml': '' }, { cwd: '/w', vars: { SRTSLURM_CONFIG: '/nope.yaml' } });
    expect(await rejected(findClusterConfig(env))).toStrictEqual({
      code: 'SRT_CONFIG_NOT_FOUND',
      message: 'SRTSLURM_CONFIG points to /nope.yaml, which does not exist: fix the path or unset SRTSLURM_CONFIG',
      details: [],
    });
  });
});
