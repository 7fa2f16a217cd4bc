import { backendSchemas } from '@srt/backends';
import { createRuntimeContext, parseConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { planLaunch } from './plan-launch.ts';
import { planRows } from './render-plan.ts';

const config = parseConfig(
  [
    'name: demo',
    'model: {path: /m/mock, container: mock, precision: fp8}',
    'resources: {gpu_type: mock, gpus_per_node: 4, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 2}',
    'backend: {type: mock, head_services: true}',
  ].join('\n'),
  { source: 'demo.yaml', backends: backendSchemas },
).config;

describe('planRows', () => {
  it('shows each process with its node, GPUs and the ports it binds', () => {
    const nodes = ['n1', 'n2'];
    const runtime = createRuntimeContext(config, { jobId: '42', nodes, nodeAddrs: new Map([['n1', '10.0.0.1'], ['n2', '10.0.0.2']]) }, {
      cwd: '/work',
      vars: {},
      selfCommand: ['node', '/srt/dist/srtctl.mjs'],
      srtctlRoot: '/srt',
    });
    expect(planRows(planLaunch(config, runtime))).toStrictEqual([
      ['nats', 'n1', '-', '4222', 'head'],
      ['etcd', 'n1', '-', '2379', 'head'],
      ['prefill_0_n1', 'n1', '0,1,2,3', 'http 30000, bootstrap 31000, sys 8081', 'prefill/0'],
      ['decode_0_n2', 'n2', '0,1', 'http 30000, sys 8082', 'decode/0'],
      ['decode_1_n2', 'n2', '2,3', 'http 30001, sys 8083', 'decode/1'],
      ['nginx', 'n1', '-', '8000', 'nginx'],
      ['frontend_0', 'n2', '-', '8080', 'frontend'],
    ]);
  });
});
