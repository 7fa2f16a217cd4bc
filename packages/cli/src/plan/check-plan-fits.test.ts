import type { Endpoint, FrontendTopology, Process } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { checkPlanFits, type FitInput } from './check-plan-fits.ts';

const endpoint = (mode: Endpoint['mode'], index: number, node: string, gpuIndices: number[]): Endpoint => ({
  mode,
  index,
  nodes: [node],
  gpuIndices,
  gpusPerNode: gpuIndices.length,
  leaderNode: node,
  numNodes: 1,
  totalGpus: gpuIndices.length,
  isMultiNode: false,
});

const worker = (mode: Process['endpointMode'], index: number, node: string, httpPort: number, sysPort: number): Process => ({
  node,
  gpuIndices: [],
  sysPort,
  httpPort,
  bootstrapPort: undefined,
  endpointMode: mode,
  endpointIndex: index,
  nodeRank: 0,
  isLeader: true,
  cudaVisibleDevices: '',
});

const topology: FrontendTopology = { nginxNode: undefined, frontendNodes: ['n1'], frontendPort: 8000, publicPort: 8000, usesNginx: false };

const input = (over: Partial<FitInput>): FitInput => ({
  endpoints: [endpoint('prefill', 0, 'n1', [0, 1]), endpoint('decode', 0, 'n1', [2, 3])],
  workerProcesses: [worker('prefill', 0, 'n1', 30000, 8081), worker('decode', 0, 'n1', 30001, 8082)],
  frontendTopology: topology,
  processes: [],
  gpusPerNode: 4,
  nodes: ['n1'],
  ...over,
});

describe('checkPlanFits', () => {
  it('accepts workers that share a node on distinct GPUs and ports', () => {
    expect(() => checkPlanFits(input({}))).not.toThrow();
  });

  it.each([
    ['a GPU used twice', { endpoints: [endpoint('prefill', 0, 'n1', [0, 1]), endpoint('decode', 0, 'n1', [1, 2])] }, 'decode worker 0 and prefill worker 0 both use GPU 1 on n1'],
    ['a GPU past the node’s count', { endpoints: [endpoint('prefill', 0, 'n1', [3, 4])] }, 'prefill worker 0 uses GPU 4 on n1, which has GPUs 0-3'],
    ['a node outside the allocation', { endpoints: [endpoint('prefill', 0, 'n9', [0])] }, 'prefill worker 0 is placed on n9, which is not in the allocation'],
    [
      'a port bound twice',
      { workerProcesses: [worker('prefill', 0, 'n1', 8000, 8081)] },
      'frontend 0 and prefill worker 0 (HTTP) both listen on port 8000 of n1',
    ],
  ])('rejects %s with SRT_PLAN_INVALID', (_what, over, detail) => {
    expect(() => checkPlanFits(input(over))).toThrow(expect.objectContaining({ code: 'SRT_PLAN_INVALID', details: [detail] }));
  });
});
