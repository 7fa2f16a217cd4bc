import { backendSchemas, buildProcessSrunCommand } from '@srt/backends';
import { createRuntimeContext, parseConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { planLaunch } from './plan-launch.ts';
import { planToJson } from './plan-json.ts';

const config = parseConfig(
  [
    'name: demo',
    'model: {path: /m/mock, container: /images/mock.sqsh, precision: fp8}',
    'resources: {gpu_type: mock, gpus_per_node: 4, prefill_nodes: 1, decode_nodes: 2, prefill_workers: 1, decode_workers: 1}',
    'backend: {type: mock}',
    'frontend: {enable_multiple_frontends: false}',
    'benchmark: {type: sa-bench, isl: 128, osl: 64, concurrencies: [4]}',
  ].join('\n'),
  { source: 'demo.yaml', backends: backendSchemas },
).config;
const nodes = ['n1', 'n2', 'n3'];
const runtime = createRuntimeContext(config, { jobId: '42', nodes, nodeAddrs: new Map(nodes.map((n, i) => [n, `10.0.0.${i + 1}`])) }, {
  cwd: '/work',
  vars: {},
  selfCommand: ['node', '/srt/dist/srtctl.mjs'],
  srtctlRoot: '/srt',
});
const plan = planLaunch(config, runtime, { generatedAt: '20250101_000000' });
/** What a consumer of `srtctl dry-run --json` sees: the document after a JSON round trip. */
const json = JSON.parse(JSON.stringify(planToJson(plan))) as {
  processes: { name: string; argv: string[]; srun_argv: string[]; env: Record<string, string> }[];
  endpoints: Record<string, unknown>[];
};

describe('planToJson', () => {
  it('keeps the derived endpoint fields (leader node, node count, total GPUs, multi-node)', () => {
    expect(json.endpoints).toStrictEqual([
      { mode: 'prefill', index: 0, nodes: ['n1'], gpuIndices: [0, 1, 2, 3], gpusPerNode: 4, leaderNode: 'n1', numNodes: 1, totalGpus: 4, isMultiNode: false },
      { mode: 'decode', index: 0, nodes: ['n2', 'n3'], gpuIndices: [0, 1, 2, 3], gpusPerNode: 4, leaderNode: 'n2', numNodes: 2, totalGpus: 8, isMultiNode: true },
    ]);
  });

  it('gives every process both its program argv and the exact srun command the slurm executor runs', () => {
    expect(json.processes.map((p) => p.name)).toStrictEqual(plan.processes.map((p) => p.name));
    plan.processes.forEach((p, i) => {
      expect(json.processes[i]!.argv).toStrictEqual(p.argv);
      expect(json.processes[i]!.srun_argv).toStrictEqual(buildProcessSrunCommand(p, runtime));
    });
  });

  it('keeps each environment in the order the process exports it', () => {
    plan.processes.forEach((p, i) => {
      expect(Object.entries(json.processes[i]!.env)).toStrictEqual(p.env.map(([k, v]) => [k, v]));
    });
  });
});
