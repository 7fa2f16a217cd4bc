import { describe, expect, it } from 'vitest';
import { rejected } from '../config/_errors.ts';
import { memoryEnv } from '../config/_memory-env.ts';
import { loadClusterConfig } from './load-cluster-config.ts';

describe('loadClusterConfig', () => {
  it('is undefined without a cluster file', async () => {
    expect(await loadClusterConfig(memoryEnv({}))).toBeUndefined();
  });

  it('loads the file it finds', async () => {
    const loaded = await loadClusterConfig(memoryEnv({ '/srtslurm.yaml': 'default_partition: gpu\n' }, { cwd: '/' }));
    expect(loaded?.path).toBe('/srtslurm.yaml');
    expect(loaded?.config.default_partition).toBe('gpu');
  });

  it('fails loudly on an invalid file instead of ignoring it', async () => {
    const err = await rejected(loadClusterConfig(memoryEnv({ '/work/srtslurm.yaml': 'default_container: x\n' })));
    expect(err.code).toBe('SRT_CLUSTER_INVALID');
    expect(err.message).toBe('/work/srtslurm.yaml has 1 problem');
  });
});
