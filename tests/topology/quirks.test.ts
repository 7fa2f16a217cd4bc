import { allocateEndpoints, endpointsToProcesses, isSrtError, requiredNodes } from '@srt/core';
import { describe, expect, it } from 'vitest';

const claudeMd = { numPrefill: 2, numDecode: 4, numAgg: 0, gpusPerPrefill: 8, gpusPerDecode: 4, gpusPerAgg: 0, gpusPerNode: 8 };

describe('the CLAUDE.md allocation example (quirk T1)', () => {
  it('needs four 8-GPU nodes, which dry-run can tell without a node list', () => {
    expect(requiredNodes(claudeMd)).toMatchObject({ nodes: 4, breakdown: '2 prefill × 1 node + 4 decode × 0.5 node' });
  });

  it('fails on the three nodes of the example with a clear SRT_NODES_EXHAUSTED error', () => {
    let error: unknown;
    try {
      allocateEndpoints({ ...claudeMd, availableNodes: ['node0', 'node1', 'node2'] });
    } catch (e) {
      error = e;
    }
    expect(isSrtError(error) && error.code).toBe('SRT_NODES_EXHAUSTED');
    expect((error as Error).message).toMatchInlineSnapshot(`"Not enough nodes: need 4 nodes (2 prefill × 1 node + 4 decode × 0.5 node), allocation has 3. Raise resources.prefill_nodes/resources.decode_nodes so the job requests 4 nodes, lower the worker counts, or pass more nodes (e.g. \`srtctl dry-run --nodes n[1-4]\`)."`);
  });

  it('places every worker on four nodes', () => {
    const eps = allocateEndpoints({ ...claudeMd, availableNodes: ['node0', 'node1', 'node2', 'node3'] });
    expect(eps.map((e) => `${e.mode}_${e.index}@${e.nodes.join(',')}:${e.gpuIndices.join('')}`)).toStrictEqual([
      'prefill_0@node0:01234567', 'prefill_1@node1:01234567', 'decode_0@node2:0123', 'decode_1@node2:4567', 'decode_2@node3:0123', 'decode_3@node3:4567',
    ]);
  });
});

describe('a whole-node worker after a half-used node (quirk T2)', () => {
  const shape = { numPrefill: 1, numDecode: 1, numAgg: 0, gpusPerPrefill: 4, gpusPerDecode: 8, gpusPerAgg: 0, gpusPerNode: 8 };

  it('starts on the next node instead of sharing GPUs 0-3 with the prefill worker', () => {
    const processes = endpointsToProcesses(allocateEndpoints({ ...shape, availableNodes: ['n0', 'n1'] }));
    expect(processes.map((p) => [p.endpointMode, p.node, p.cudaVisibleDevices, p.httpPort])).toStrictEqual([
      ['prefill', 'n0', '0,1,2,3', 30000],
      ['decode', 'n1', '0,1,2,3,4,5,6,7', 30000],
    ]);
  });

  it('therefore needs two nodes, and says so when given one', () => {
    expect(requiredNodes(shape).nodes).toBe(2);
    expect(() => allocateEndpoints({ ...shape, availableNodes: ['n0'] })).toThrowErrorMatchingInlineSnapshot(`[SrtError: Not enough nodes: need 2 nodes (1 prefill × 0.5 node + 1 decode × 1 node), allocation has 1. Raise resources.prefill_nodes/resources.decode_nodes so the job requests 2 nodes, lower the worker counts, or pass more nodes (e.g. \`srtctl dry-run --nodes n[1-2]\`).]`);
  });
});
