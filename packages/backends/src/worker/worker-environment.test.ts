import { describe, expect, it } from 'vitest';
import { fakeProcess, fakeRuntime } from '../testing/fake-runtime.ts';
import { buildWorkerEnvironment, formatEnvLogLine } from './worker-environment.ts';

describe('buildWorkerEnvironment', () => {
  it('reproduces the decode worker exports of backends.md §8', () => {
    const runtime = fakeRuntime({ nodeCount: 2, nodes: { head: 'n1', bench: 'n1', worker: ['n1', 'n2'] }, environment: { GLOBAL_X: '1' }, gpusPerNode: 8 });
    const p = fakeProcess({ node: 'n2', endpointMode: 'decode', sysPort: 8082, gpuIndices: [0, 1, 2, 3] });
    expect(buildWorkerEnvironment(p, runtime, { modeEnvironment: { D: '1' } })).toStrictEqual([
      ['HEAD_NODE_IP', '10.0.0.1'],
      ['ETCD_ENDPOINTS', 'http://n1:2379'],
      ['NATS_SERVER', 'nats://n1:4222'],
      ['DYN_SYSTEM_PORT', '8082'],
      ['D', '1'],
      ['GLOBAL_X', '1'],
      ['CUDA_VISIBLE_DEVICES', '0,1,2,3'],
    ]);
  });

  it('lets the global environment override a mode key in its first position (quirk B7 kept)', () => {
    const runtime = fakeRuntime({ environment: { A: 'global', B: 'b' } });
    const env = buildWorkerEnvironment(fakeProcess(), runtime, { modeEnvironment: { A: 'mode', C: 'c' } });
    expect(env.slice(4)).toStrictEqual([['A', 'global'], ['C', 'c'], ['B', 'b']]);
  });

  it('appends profiling variables after the global environment', () => {
    const env = buildWorkerEnvironment(fakeProcess(), fakeRuntime({ environment: { G: '1' } }), {
      modeEnvironment: {},
      profilingEnvironment: [['PROFILING_MODE', 'prefill'], ['SGLANG_TORCH_PROFILER_DIR', '/logs/profiles/prefill']],
    });
    expect(env.slice(4)).toStrictEqual([['G', '1'], ['PROFILING_MODE', 'prefill'], ['SGLANG_TORCH_PROFILER_DIR', '/logs/profiles/prefill']]);
  });

  it.each([
    ['a full-node process sets no CUDA_VISIBLE_DEVICES', [0, 1, 2, 3], undefined],
    ['a partial-node process sets its GPUs', [2, 3], '2,3'],
    ['a zero-GPU process exports an empty value', [], ''],
  ] as const)('%s', (_n, gpus, expected) => {
    const env = new Map(buildWorkerEnvironment(fakeProcess({ gpuIndices: gpus }), fakeRuntime(), { modeEnvironment: {} }));
    expect(env.get('CUDA_VISIBLE_DEVICES')).toBe(expected);
  });
});

describe('formatEnvLogLine', () => {
  it('sorts by key and leaves values unquoted', () => {
    expect(formatEnvLogLine([['B', 'x y'], ['A', '1']])).toBe('Env: A=1 B=x y');
  });
});
