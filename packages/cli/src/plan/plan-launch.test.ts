import { backendSchemas } from '@srt/backends';
import { createRuntimeContext, parseConfig, type SrtConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { planLaunch } from './plan-launch.ts';

const recipe = (benchmark = 'benchmark: {type: sa-bench, isl: 128, osl: 64, concurrencies: [4]}') =>
  parseConfig(
    [
      'name: demo',
      'model: {path: /m/mock, container: mock, precision: fp8}',
      'resources: {gpu_type: mock, gpus_per_node: 4, prefill_nodes: 1, decode_nodes: 2, prefill_workers: 1, decode_workers: 2}',
      'backend: {type: mock}',
      'frontend: {enable_multiple_frontends: false}',
      benchmark,
    ].join('\n'),
    { source: 'demo.yaml', backends: backendSchemas },
  ).config;

const runtime = (config: SrtConfig, count = 3) => {
  const nodes = Array.from({ length: count }, (_, i) => `n${i + 1}`);
  return createRuntimeContext(config, { jobId: '42', nodes, nodeAddrs: new Map(nodes.map((n, i) => [n, `10.0.0.${i + 1}`])) }, {
    cwd: '/work',
    vars: {},
    selfCommand: ['node', '/srt/dist/srtctl.mjs'],
    srtctlRoot: '/srt',
  });
};

describe('planLaunch', () => {
  it('lists every process in start order, the benchmark last, with the sbatch script', () => {
    const config = recipe();
    const plan = planLaunch(config, runtime(config), { generatedAt: '20250101_000000', vars: { SLURM_ACCOUNT: 'acct' } });
    expect(plan.processes.map((p) => `${p.role}:${p.name}@${p.node}`)).toStrictEqual([
      'worker:prefill_0_n1@n1',
      'worker:decode_0_n2@n2',
      'worker:decode_1_n3@n3',
      'frontend:frontend_0@n1',
      'benchmark:benchmark@n1',
    ]);
    expect(plan.benchmark?.name).toBe('benchmark');
    expect(plan.sbatchScript.split('\n').filter((l) => /--(account|partition|nodes)=/.test(l))).toStrictEqual([
      '#SBATCH --nodes=3',
      '#SBATCH --account=acct',
      '#SBATCH --partition=default',
    ]);
  });

  it('fails with SRT_NODES_EXHAUSTED before anything starts when the nodes are too few', () => {
    const config = recipe();
    expect(() => planLaunch(config, runtime(config, 2))).toThrowErrorMatchingInlineSnapshot(`[SrtError: Not enough nodes: need 3 nodes (1 prefill × 1 node + 2 decode × 1 node), allocation has 2. Raise resources.prefill_nodes/resources.decode_nodes so the job requests 3 nodes, lower the worker counts, or pass more nodes (e.g. \`srtctl dry-run --nodes n[1-3]\`).]`);
  });

  it('follows the cluster switches for the gpus-per-node and segment directives', () => {
    const config = recipe();
    const plan = planLaunch(config, runtime(config), { cluster: { use_gpus_per_node_directive: false, use_segment_sbatch_directive: false } as never });
    expect(plan.sbatchScript).not.toMatch(/--gpus-per-node|--segment/);
  });

  it('refuses invalid benchmark settings, or plans without the benchmark when asked to', () => {
    const config = recipe('benchmark: {type: sa-bench}');
    expect(() => planLaunch(config, runtime(config))).toThrow(expect.objectContaining({ code: 'SRT_BENCHMARK_INVALID' }));
    const plan = planLaunch(config, runtime(config), { allowInvalidBenchmark: true });
    expect([plan.benchmark, plan.processes.at(-1)?.role, plan.warnings.length > 1]).toStrictEqual([undefined, 'frontend', true]);
  });
});

describe('planLaunch sbatch values', () => {
  const header = (slurm: string, vars: Record<string, string>) => {
    const config = parseConfig(
      ['name: demo', 'model: {path: /m/mock, container: mock, precision: fp8}', 'resources: {gpu_type: mock, gpus_per_node: 4, agg_nodes: 1, agg_workers: 1}', 'backend: {type: mock}', `slurm: ${slurm}`].join('\n'),
      { source: 'demo.yaml', backends: backendSchemas },
    ).config;
    return planLaunch(config, runtime(config, 1), { vars }).sbatchScript.split('\n').filter((l) => /--(account|partition|time)=/.test(l));
  };
  it.each([
    ['recipe values win over the environment', '{account: a1, partition: p1, time_limit: "02:00:00"}', { SLURM_ACCOUNT: 'envacct', SLURM_PARTITION: 'envpart' }, ['a1', '02:00:00', 'p1']],
    ['the environment fills unset values', '{}', { SLURM_ACCOUNT: 'envacct', SLURM_PARTITION: 'envpart' }, ['envacct', '01:00:00', 'envpart']],
    ['empty recipe values count as unset', '{account: "", partition: ""}', { SLURM_ACCOUNT: 'envacct' }, ['envacct', '01:00:00', 'default']],
    ['`default` without either', '{}', {}, ['default', '01:00:00', 'default']],
  ])('%s', (_what, slurm, vars, [account, time, partition]) => {
    expect(header(slurm, vars)).toStrictEqual([`#SBATCH --account=${account}`, `#SBATCH --time=${time}`, `#SBATCH --partition=${partition}`]);
  });
});
