import { describe, expect, it } from 'vitest';
import { thrown } from '../config/_errors.ts';
import { parseConfig } from '../config/parse-config.ts';
import { renderConfigYaml } from '../config/render-config-yaml.ts';
import { expandSweep, isSweepDocument } from './expand-sweep.ts';

const base = (sweep: unknown, extra: Record<string, unknown> = {}) => ({
  name: 'base',
  sweep,
  model: { path: '/m', container: '/c.sqsh', precision: 'fp8' },
  resources: { gpu_type: 'h100', prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 },
  ...extra,
});

describe('isSweepDocument', () => {
  it.each([
    [{ sweep: {} }, true],
    [{ name: 'x' }, false],
    [[{ sweep: {} }], false],
    [null, false],
  ])('%j → %s', (doc, expected) => {
    expect(isSweepDocument(doc)).toBe(expected);
  });
});

describe('expandSweep', () => {
  it('needs a sweep section', () => {
    const err = thrown(() => expandSweep({ name: 'x' }));
    expect(err.code).toBe('SRT_SWEEP_INVALID');
    expect(err.message).toBe("Sweep config must have a 'sweep' section: add `sweep: { param: [values] }`, or load the file as a single recipe");
  });

  it('makes one job per value, in order, with 1-based indexes', () => {
    const jobs = expandSweep(base({ tokens: [1024, 2048, 4096] }, { benchmark: { isl: '{tokens}' } }));
    expect(jobs.map((j) => [j.index, j.name, j.params, j.config.benchmark.isl])).toStrictEqual([
      [1, 'base_tokens1024', { tokens: 1024 }, 1024],
      [2, 'base_tokens2048', { tokens: 2048 }, 2048],
      [3, 'base_tokens4096', { tokens: 4096 }, 4096],
    ]);
  });

  it('makes every combination of two parameters', () => {
    const jobs = expandSweep(base({ a: [1, 2], b: ['x', 'y'] }));
    expect(jobs.map((j) => j.name)).toStrictEqual(['base_a1_bx', 'base_a1_by', 'base_a2_bx', 'base_a2_by']);
  });

  it('zips when asked to', () => {
    const jobs = expandSweep(base({ mode: 'zip', parameters: { a: [1, 2, 3], b: [10, 20] } }));
    expect(jobs.map((j) => j.params)).toStrictEqual([{ a: 1, b: 10 }, { a: 2, b: 20 }]);
  });

  it('removes the sweep key and names jobs from the raw name', () => {
    const jobs = expandSweep(base({ val: [100, 200] }, { name: 'base' }));
    expect(jobs.map((j) => j.name)).toStrictEqual(['base_val100', 'base_val200']);
    expect(jobs.every((j) => !('sweep' in j.document))).toBe(true);
  });

  it.each([
    ['a list value', { x: [[1, 2], [4]] }, ['t_x[1, 2]', 't_x[4]']],
    ['float values', { m: [0.9, 0.85] }, ['t_m0.9', 't_m0.85']],
    ['booleans and strings', { b: [true], s: ['fp8'] }, ['t_bTrue_sfp8']],
    ['an empty sweep (one job, the raw name)', {}, ['t']],
  ])('names jobs with Python str() of %s, last parameter fastest', (_name, sweep, names) => {
    expect(expandSweep(base(sweep, { name: 't' })).map((j) => j.name)).toStrictEqual(names);
  });

  it('puts a list parameter as a whole-string placeholder into the config as the list itself', () => {
    const jobs = expandSweep(base({ c: [[4, 8], [16]] }, { benchmark: { concurrencies: '{c}', prefix_ratios: 'r={c}' } }));
    expect(jobs.map((j) => [j.config.benchmark.concurrencies, j.config.benchmark.prefix_ratios])).toStrictEqual([
      [[4, 8], 'r=4,8'],
      [[16], 'r=16'],
    ]);
  });

  it('keeps placeholders of the raw name in job names, as the reference does (C4)', () => {
    expect(expandSweep(base({ tp: [4] }, { name: 'run-{tp}' }))[0]?.name).toBe('run-{tp}_tp4');
  });

  it('substitutes into free-form maps as strings', () => {
    const backend = { sglang_config: { prefill: { 'mem-fraction-static': '{mem}' } } };
    const jobs = expandSweep(base({ mem: [0.85, 0.9] }, { backend }));
    expect(jobs.map((j) => (j.document['backend'] as typeof backend).sglang_config.prefill['mem-fraction-static'])).toStrictEqual(['0.85', '0.9']);
  });

  it('produces documents that round-trip through YAML to the same config (fix C2)', () => {
    const jobs = expandSweep(base({ c: ['4x8', '16'] }, { benchmark: { type: 'sa-bench', concurrencies: '{c}', sweep: null } }));
    for (const job of jobs) {
      expect(JSON.stringify(job.document)).not.toContain('null');
      expect(parseConfig(renderConfigYaml(job.document), { source: 'job.yaml' }).config).toStrictEqual(job.config);
    }
  });

  it('applies cluster defaults and aliases once, before expanding', () => {
    const doc = base({ a: [1] }, { model: { path: 'ds', container: 'latest', precision: 'fp8' } });
    const cluster = { default_partition: 'gpu', model_paths: { ds: '/models/ds' }, containers: { latest: '/c/l.sqsh' } };
    const [job] = expandSweep(doc, { cluster: cluster as never });
    expect([job?.config.model.path, job?.config.model.container, job?.config.slurm.partition]).toStrictEqual(['/models/ds', '/c/l.sqsh', 'gpu']);
  });

  it('validates every job and reports all problems once, naming the jobs', () => {
    const doc = base({ tp: [4, 'x', 'y'] }, { resources: { gpu_type: 'h100', gpus_per_nod: 8, agg_workers: '{tp}' } });
    const err = thrown(() => expandSweep(doc, { source: 's.yaml' }));
    expect(err.code).toBe('SRT_CONFIG_INVALID');
    expect(err.message).toBe('s.yaml (sweep of 3 jobs) has 3 problems');
    expect(err.details).toStrictEqual([
      's.yaml resources.gpus_per_nod: unknown key; did you mean `gpus_per_node`? (sweep jobs 1, 2, 3)',
      's.yaml resources.agg_workers: expected a whole number (for example 8), got the string "x" (sweep job 2)',
      's.yaml resources.agg_workers: expected a whole number (for example 8), got the string "y" (sweep job 3)',
    ]);
  });

  it('warns about an unquoted placeholder that YAML read as a map (C10)', () => {
    const doc = base({ tp: [4] }, { backend: { sglang_config: { prefill: { tp: { tp: null } } } } });
    expect(expandSweep(doc, { source: 's.yaml' })[0]?.warnings).toStrictEqual([
      's.yaml backend.sglang_config.prefill.tp: {tp} without quotes is a YAML map, not a sweep placeholder: write "{tp}"',
    ]);
  });
});
