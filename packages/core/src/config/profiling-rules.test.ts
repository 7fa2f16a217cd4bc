import { describe, expect, it } from 'vitest';
import { thrown } from './_errors.ts';
import { parseConfig } from './parse-config.ts';
import { renderConfigYaml } from './render-config-yaml.ts';

const recipe = (resources: Record<string, number>, profiling: Record<string, unknown>) =>
  renderConfigYaml({
    name: 'p',
    model: { path: '/m', container: '/c.sqsh', precision: 'fp8' },
    resources: { gpu_type: 'gb200', gpus_per_node: 4, ...resources },
    profiling,
  });

const DISAGG = { prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 };
const AGG = { agg_nodes: 1, agg_workers: 1 };
const TRAFFIC = { isl: 1024, osl: 128, concurrency: 1 };
const PHASE = { start_step: 0, stop_step: 50 };

const problems = (resources: Record<string, number>, profiling: Record<string, unknown>) =>
  thrown(() => parseConfig(recipe(resources, profiling), { source: 'p.yaml' })).details;

describe('profilingRule', () => {
  it('accepts a 1P/1D torch recipe with both phases', () => {
    const { config } = parseConfig(recipe(DISAGG, { type: 'torch', ...TRAFFIC, prefill: PHASE, decode: PHASE }), { source: 'p.yaml' });
    expect(config.profiling.prefill).toStrictEqual(PHASE);
  });

  it('accepts an aggregated recipe with an aggregated phase, even an empty one', () => {
    expect(() => parseConfig(recipe(AGG, { type: 'nsys', ...TRAFFIC, aggregated: {} }), { source: 'p.yaml' })).not.toThrow();
  });

  it('ignores everything when profiling is off', () => {
    expect(() => parseConfig(recipe(DISAGG, { type: 'none', aggregated: PHASE }), { source: 'p.yaml' })).not.toThrow();
  });

  it.each([
    ['missing concurrency', DISAGG, { type: 'torch', isl: 1024, osl: 128, prefill: PHASE, decode: PHASE },
      'p.yaml:13:1 profiling: profiling.isl/osl/concurrency must be set when profiling is enabled. Got isl=1024, osl=128, concurrency=None'],
    ['only a prefill phase in disaggregated mode', DISAGG, { type: 'torch', ...TRAFFIC, prefill: PHASE },
      'p.yaml:13:1 profiling: Disaggregated mode requires both profiling.prefill and profiling.decode to be set when profiling is enabled.'],
    ['an aggregated phase in disaggregated mode', DISAGG, { type: 'torch', ...TRAFFIC, prefill: PHASE, decode: PHASE, aggregated: PHASE },
      'p.yaml:24:3 profiling.aggregated: Disaggregated mode only supports profiling.prefill/decode; profiling.aggregated is not allowed.'],
    ['no aggregated phase in aggregated mode', AGG, { type: 'torch', ...TRAFFIC },
      'p.yaml:11:1 profiling: Aggregated mode requires profiling.aggregated to be set when profiling is enabled.'],
    ['a prefill phase in aggregated mode', AGG, { type: 'torch', ...TRAFFIC, prefill: PHASE, aggregated: PHASE },
      'p.yaml:16:3 profiling.prefill: Aggregated mode only supports profiling.aggregated; profiling.prefill/decode are not allowed.'],
    ['2 prefill workers', { ...DISAGG, prefill_nodes: 2, prefill_workers: 2 }, { type: 'torch', ...TRAFFIC, prefill: PHASE, decode: PHASE },
      'p.yaml:6:1 resources: Profiling mode requires exactly 1 prefill and 1 decode worker. Got prefill_workers=2, decode_workers=1'],
    ['2 agg workers', { agg_nodes: 1, agg_workers: 2 }, { type: 'torch', ...TRAFFIC, aggregated: PHASE },
      'p.yaml:6:1 resources: Profiling mode requires exactly 1 aggregated worker. Got agg_workers=2'],
  ])('rejects %s with the reference message', (_name, resources, profiling, line) => {
    expect(problems(resources, profiling)).toStrictEqual([line]);
  });
});
