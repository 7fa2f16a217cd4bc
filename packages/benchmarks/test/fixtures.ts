import { parseConfig, type RuntimeContext, type SrtConfig } from '@srt/core';
import type { BenchmarkDeployment } from '../src/runners/types.ts';

/** A parsed recipe: a 1P/1D base with the given sections merged in. */
export function recipe(extra: Record<string, unknown> = {}): SrtConfig {
  const doc = {
    name: 'bench-test',
    model: { path: '/models/DeepSeek-R1/', container: 'img.sqsh', precision: 'fp8' },
    resources: { gpu_type: 'h100', gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 },
    ...extra,
  };
  return parseConfig(JSON.stringify(doc), { source: 'bench-test.yaml' }).config;
}

export const RUNTIME: RuntimeContext = {
  jobId: '1234',
  runName: 'bench-test_1234',
  nodes: { head: 'n1', bench: 'n1', worker: ['n1', 'n2'] },
  nodeAddrs: new Map([
    ['n1', '10.0.0.1'],
    ['n2', '10.0.0.2'],
  ]),
  headNodeIp: '10.0.0.1',
  cwd: '/work',
  outputDir: '/work/outputs/1234',
  logDir: '/work/outputs/1234/logs',
  modelPath: '/models/DeepSeek-R1',
  containerImage: '/img.sqsh',
  gpusPerNode: 8,
  containerMounts: [],
  containerRuntime: 'pyxis',
  environment: {},
  srunOptions: {},
  frontendPort: 8000,
  selfCommand: ['node', '/opt/srtctl/srtctl.mjs'],
  srtctlRoot: '/opt/srtctl',
  workerPaths: { modelPath: '/model', logDir: '/logs' },
  warnings: [],
};

export const DEPLOYMENT: BenchmarkDeployment = {
  publicUrl: 'http://10.0.0.1:8000',
  workers: [
    { node: 'n1', httpPort: 30000, sysPort: 8081, isLeader: true, endpointMode: 'prefill', endpointIndex: 0 },
    { node: 'n2', httpPort: 30001, sysPort: 8082, isLeader: true, endpointMode: 'decode', endpointIndex: 0 },
  ],
};
