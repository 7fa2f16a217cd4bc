import { describe, expect, it } from 'vitest';
import { isSrtError } from '../errors.ts';
import { allocateEndpoints } from './allocate-endpoints.ts';
import { type AllocationShape, requiredNodes } from './required-nodes.ts';

const plan = (p: [number, number], d: [number, number], a: [number, number], gpusPerNode: number): AllocationShape => ({
  numPrefill: p[0], gpusPerPrefill: p[1], numDecode: d[0], gpusPerDecode: d[1], numAgg: a[0], gpusPerAgg: a[1], gpusPerNode,
});

const fits = (shape: AllocationShape, n: number): boolean => {
  try {
    allocateEndpoints({ ...shape, availableNodes: Array.from({ length: n }, (_, i) => `n${i}`) });
    return true;
  } catch (e) {
    if (isSrtError(e) && e.code === 'SRT_NODES_EXHAUSTED') return false;
    throw e;
  }
};

describe('requiredNodes', () => {
  it.each([
    ['the CLAUDE.md example', plan([2, 8], [4, 4], [0, 0], 8), 4, '2 prefill × 1 node + 4 decode × 0.5 node'],
    ['GB200 max-tpt (4 × 4-GPU prefill, one 48-GPU decode)', plan([4, 4], [1, 48], [0, 0], 4), 16, '4 prefill × 1 node + 1 decode × 12 nodes'],
    ['prefill and decode sharing a node', plan([1, 4], [1, 4], [0, 0], 8), 1, '1 prefill × 0.5 node + 1 decode × 0.5 node'],
    ['3-GPU workers leaving 2 GPUs idle per node', plan([0, 0], [0, 0], [3, 3], 8), 2, '3 agg × 0.375 node'],
    ['a whole-node worker after a half-used node (T2)', plan([1, 4], [1, 8], [0, 0], 8), 2, '1 prefill × 0.5 node + 1 decode × 1 node'],
    ['a 12-GPU worker on 8-GPU nodes', plan([0, 0], [0, 0], [1, 12], 8), 2, '1 agg × 2 nodes'],
    ['a zero-GPU worker', plan([1, 0], [0, 0], [0, 0], 4), 1, '1 prefill × 0 nodes'],
    ['no workers', plan([0, 8], [0, 8], [0, 8], 8), 0, 'no workers'],
  ])('counts %s', (_case, shape, nodes, breakdown) => {
    const need = requiredNodes(shape);
    expect({ nodes: need.nodes, breakdown: need.breakdown }).toStrictEqual({ nodes, breakdown });
  });

  it('lists one term per mode that has workers', () => {
    expect(requiredNodes(plan([2, 16], [0, 4], [0, 0], 8)).terms).toStrictEqual([{ mode: 'prefill', count: 2, gpusPerWorker: 16, nodesPerWorker: 2 }]);
  });

  it('is the smallest node count allocation accepts, for every small plan', () => {
    const sizes = [0, 1, 2, 3, 4, 5, 8, 12];
    for (const gpn of [1, 3, 4, 8]) {
      for (const p of [0, 1, 3]) {
        for (const d of [0, 2, 5]) {
          for (const gp of sizes) {
            for (const gd of sizes) {
              for (const a of [0, 2]) {
                const shape = plan([p, gp], [d, gd], [a, 3], gpn);
                const need = requiredNodes(shape).nodes;
                expect(fits(shape, need), JSON.stringify(shape)).toBe(true);
                if (need > 0) expect(fits(shape, need - 1), JSON.stringify(shape)).toBe(false);
              }
            }
          }
        }
      }
    }
  });
});
