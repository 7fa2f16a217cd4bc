import { describe, expect, it } from 'vitest';
import { rejected } from './_errors.ts';
import { memoryEnv } from './_memory-env.ts';
import { loadConfig } from './load-config.ts';

const RECIPE = `name: job
model:
  path: dsfp4
  container: latest
  precision: fp4
resources:
  gpu_type: gb200
  agg_workers: 1
`;
const CLUSTER = `default_account: acct
gpus_per_node: 4
model_paths:
  dsfp4: /models/dsfp4
containers:
  latest: /c/latest.sqsh
`;

describe('loadConfig', () => {
  it('reads the recipe, applies the cluster file found beside it, and collects warnings', async () => {
    const env = memoryEnv({ '/work/r.yaml': RECIPE, '/work/srtslurm.yaml': CLUSTER });
    const loaded = await loadConfig('r.yaml', { env });
    expect(loaded.path).toBe('/work/r.yaml');
    expect(loaded.cluster?.path).toBe('/work/srtslurm.yaml');
    expect(loaded.config.model).toStrictEqual({ path: '/models/dsfp4', container: '/c/latest.sqsh', precision: 'fp4' });
    expect(loaded.config.slurm.account).toBe('acct');
    expect(loaded.warnings).toStrictEqual([
      '/work/srtslurm.yaml:2:1 gpus_per_node: accepted for compatibility but has no effect: recipes set `resources.gpus_per_node`',
    ]);
    expect(loaded.document).toMatchObject({ model: { path: '/models/dsfp4' }, slurm: { account: 'acct' } });
  });

  it('does not look for a cluster file when cluster is null', async () => {
    const env = memoryEnv({ '/work/r.yaml': RECIPE, '/work/srtslurm.yaml': CLUSTER });
    const loaded = await loadConfig('/work/r.yaml', { env, cluster: null });
    expect(loaded.cluster).toBeUndefined();
    expect(loaded.config.model.path).toBe('dsfp4');
  });

  it('uses a cluster file the caller already loaded', async () => {
    const env = memoryEnv({ '/work/r.yaml': RECIPE });
    const cluster = { path: '/etc/srtslurm.yaml', config: { model_paths: { dsfp4: '/x' } } as never, warnings: [] };
    expect((await loadConfig('r.yaml', { env, cluster })).config.model.path).toBe('/x');
  });

  it('names the missing file', async () => {
    const err = await rejected(loadConfig('nope.yaml', { env: memoryEnv({}) }));
    expect(err).toStrictEqual({
      code: 'SRT_CONFIG_NOT_FOUND',
      message: 'Config file not found: /work/nope.yaml: check the path (relative paths start at /work)',
      details: [],
    });
  });

  it('reports problems with the path as the user gave it', async () => {
    const env = memoryEnv({ '/work/r.yaml': RECIPE.replace('gb200', '[gb200]') });
    const err = await rejected(loadConfig('r.yaml', { env, cluster: null }));
    expect(err.details).toStrictEqual(['r.yaml:7:3 resources.gpu_type: expected a string, got a list']);
  });
});
