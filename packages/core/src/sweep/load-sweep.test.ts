import { describe, expect, it } from 'vitest';
import { rejected } from '../config/_errors.ts';
import { memoryEnv } from '../config/_memory-env.ts';
import { loadSweep } from './load-sweep.ts';

const SWEEP = `name: s
sweep:
  mode: zip
  parameters:
    tp: [4, 8]
    mem: [0.8, 0.9]
model:
  path: ds
  container: /c.sqsh
  precision: fp8
resources:
  gpu_type: h100
  gpus_per_node: 8
  agg_workers: 1
backend:
  sglang_config:
    aggregated:
      tp-size: "{tp}"
      mem-fraction-static: {mem}
`;

describe('loadSweep', () => {
  it('expands the file with its cluster file and places warnings in the source', async () => {
    const env = memoryEnv({ '/w/s.yaml': SWEEP, '/w/srtslurm.yaml': 'model_paths: { ds: /models/ds }\n' }, { cwd: '/w' });
    const loaded = await loadSweep('s.yaml', { env });
    expect(loaded.path).toBe('/w/s.yaml');
    expect(loaded.jobs.map((j) => [j.name, j.config.model.path])).toStrictEqual([
      ['s_tp4_mem0.8', '/models/ds'],
      ['s_tp8_mem0.9', '/models/ds'],
    ]);
    expect(loaded.warnings).toStrictEqual([
      's.yaml:19:7 backend.sglang_config.aggregated.mem-fraction-static: {mem} without quotes is a YAML map, not a sweep placeholder: write "{mem}"',
    ]);
  });

  it('reports job problems with their line in the sweep file', async () => {
    const env = memoryEnv({ '/w/s.yaml': SWEEP.replace('agg_workers: 1', 'agg_workers: "{tp}x"') }, { cwd: '/w' });
    const err = await rejected(loadSweep('s.yaml', { env, cluster: null }));
    expect(err.code).toBe('SRT_CONFIG_INVALID');
    expect(err.details).toStrictEqual([
      's.yaml:14:16 resources.agg_workers: expected a whole number (for example 8), got the string "4x" (sweep job 1)',
      's.yaml:14:16 resources.agg_workers: expected a whole number (for example 8), got the string "8x" (sweep job 2)',
    ]);
  });

  it('reports YAML syntax errors before expanding', async () => {
    const env = memoryEnv({ '/w/s.yaml': 'sweep: [\n' }, { cwd: '/w' });
    expect((await rejected(loadSweep('s.yaml', { env, cluster: null }))).details).toStrictEqual([
      's.yaml:2:1 (root): YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });
});
