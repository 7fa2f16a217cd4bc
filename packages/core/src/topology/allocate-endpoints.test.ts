import { describe, expect, it } from 'vitest';
import { isSrtError } from '../errors.ts';
import { allocateEndpoints, type AllocateEndpointsOptions } from './allocate-endpoints.ts';
import type { Endpoint } from './types.ts';

const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function shape(p: [number, number], d: [number, number], a: [number, number], gpusPerNode: number, availableNodes: readonly string[]): AllocateEndpointsOptions {
  return { numPrefill: p[0], gpusPerPrefill: p[1], numDecode: d[0], gpusPerDecode: d[1], numAgg: a[0], gpusPerAgg: a[1], gpusPerNode, availableNodes };
}

/** `P0 n0 0-3`-style summary of an endpoint list. */
function summary(endpoints: readonly Endpoint[]): string[] {
  return endpoints.map((e) => {
    const g = e.gpuIndices;
    const gpus = g.length === 0 ? 'none' : `${g[0]}-${g[g.length - 1]}`;
    return `${e.mode[0]?.toUpperCase()}${e.index} ${e.nodes.join(',')} ${gpus}`;
  });
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

/** A literal port of the reference loop (topology.md §2) with the T2 fix; throws RangeError past the node list. */
function referenceAllocate(o: AllocateEndpointsOptions): string[] {
  const out: string[] = [];
  let idx = 0;
  let off = 0;
  const at = (i: number): string => {
    if (i >= o.availableNodes.length) throw new RangeError('list index out of range');
    return o.availableNodes[i] as string;
  };
  const modes = [
    ['prefill', o.numPrefill, o.gpusPerPrefill],
    ['decode', o.numDecode, o.gpusPerDecode],
    ['agg', o.numAgg, o.gpusPerAgg],
  ] as const;
  for (const [mode, n, g] of modes) {
    for (let i = 0; i < n; i++) {
      if (g >= o.gpusPerNode) {
        if (off > 0) {
          idx += 1;
          off = 0;
        }
        const k = Math.ceil(g / o.gpusPerNode);
        const nodes = Array.from({ length: k }, (_, j) => at(idx + j));
        out.push(`${mode}${i}@${nodes.join(',')}:${names('', o.gpusPerNode).join(',')}`);
        idx += k;
      } else {
        if (off + g > o.gpusPerNode) {
          idx += 1;
          off = 0;
        }
        out.push(`${mode}${i}@${at(idx)}:${Array.from({ length: g }, (_, j) => off + j).join(',')}`);
        off += g;
        if (off >= o.gpusPerNode) {
          idx += 1;
          off = 0;
        }
      }
    }
  }
  return out;
}

const flat = (eps: readonly Endpoint[]): string[] => eps.map((e) => `${e.mode}${e.index}@${e.nodes.join(',')}:${e.gpuIndices.join(',')}`);

/** mulberry32: a tiny seeded PRNG so property runs are reproducible. */
function prng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

function randomShape(rand: (n: number) => number): AllocateEndpointsOptions {
  const gpn = [1, 2, 4, 8, 3][rand(5)] as number;
  const size = (): number => [0, 1, 2, 3, 4, gpn, 2 * gpn, 3 * gpn, gpn + 1, 12, 16][rand(11)] as number;
  return shape([rand(5), size()], [rand(6), size()], [rand(3), size()], gpn, names('n', rand(20)));
}

describe('allocateEndpoints', () => {
  it.each([
    ['A', shape([1, 8], [2, 4], [0, 0], 8, ['n0', 'n1']), ['P0 n0 0-7', 'D0 n1 0-3', 'D1 n1 4-7']],
    ['B', shape([2, 8], [4, 4], [0, 0], 8, names('n', 4)), ['P0 n0 0-7', 'P1 n1 0-7', 'D0 n2 0-3', 'D1 n2 4-7', 'D2 n3 0-3', 'D3 n3 4-7']],
    ['D', shape([1, 8], [1, 4], [0, 0], 4, names('n', 3)), ['P0 n0,n1 0-3', 'D0 n2 0-3']],
    ['E', shape([2, 2], [2, 2], [0, 0], 4, ['n0', 'n1']), ['P0 n0 0-1', 'P1 n0 2-3', 'D0 n1 0-1', 'D1 n1 2-3']],
    ['F (T2: decode moves to the next node)', shape([1, 4], [1, 8], [0, 0], 8, ['n0', 'n1']), ['P0 n0 0-3', 'D0 n1 0-7']],
    ['G', shape([1, 4], [1, 4], [0, 0], 8, ['n0']), ['P0 n0 0-3', 'D0 n0 4-7']],
    ['H', shape([0, 0], [0, 0], [3, 3], 8, ['n0', 'n1']), ['A0 n0 0-2', 'A1 n0 3-5', 'A2 n1 0-2']],
    ['I', shape([0, 0], [0, 0], [1, 12], 8, ['n0', 'n1']), ['A0 n0,n1 0-7']],
    ['J', shape([4, 4], [1, 48], [0, 0], 4, Array.from({ length: 18 }, (_, i) => `g${String(i + 1).padStart(2, '0')}`)), [
      'P0 g01 0-3', 'P1 g02 0-3', 'P2 g03 0-3', 'P3 g04 0-3', 'D0 g05,g06,g07,g08,g09,g10,g11,g12,g13,g14,g15,g16 0-3',
    ]],
    ['K', shape([2, 8], [2, 16], [0, 0], 8, names('n', 6)), ['P0 n0 0-7', 'P1 n1 0-7', 'D0 n2,n3 0-7', 'D1 n4,n5 0-7']],
    ['L', shape([1, 0], [0, 0], [0, 0], 4, ['n0']), ['P0 n0 none']],
  ])('places worked example %s as the reference does', (_case, opts, expected) => {
    expect(summary(allocateEndpoints(opts))).toStrictEqual(expected);
  });

  it('stores mode, index, nodes, GPU indices and GPUs per node, and derives the rest', () => {
    const [decode] = allocateEndpoints(shape([0, 0], [1, 12], [0, 0], 8, ['a', 'b', 'c']));
    expect(decode).toStrictEqual({ mode: 'decode', index: 0, nodes: ['a', 'b'], gpuIndices: [0, 1, 2, 3, 4, 5, 6, 7], gpusPerNode: 8 });
    expect(decode && [decode.leaderNode, decode.numNodes, decode.totalGpus, decode.isMultiNode]).toStrictEqual(['a', 2, 16, true]);
    expect(decode).toMatchObject({ leaderNode: 'a', numNodes: 2, totalGpus: 16, isMultiNode: true });
  });

  it('skips a mode with no workers even when its GPU size is nonsense', () => {
    expect(summary(allocateEndpoints(shape([0, -3], [-1, 0], [1, 8], 8, ['n0'])))).toStrictEqual(['A0 n0 0-7']);
  });

  it('returns no endpoints when there are no workers', () => {
    expect(allocateEndpoints(shape([0, 8], [0, 8], [0, 8], 8, []))).toStrictEqual([]);
  });

  it('shares one array between endpoints with the same GPU indices', () => {
    const eps = allocateEndpoints(shape([2, 4], [2, 4], [0, 0], 8, ['n0', 'n1']));
    expect(eps[0]?.gpuIndices).toBe(eps[2]?.gpuIndices);
    expect(Object.isFrozen(eps[0]?.gpuIndices)).toBe(true);
  });

  it.each([
    ['C: the CLAUDE.md example (2 prefill × 8 GPUs + 4 decode × 4 GPUs on three 8-GPU nodes)', shape([2, 8], [4, 4], [0, 0], 8, names('n', 3))],
    ['M: three 4-GPU decode workers on one 8-GPU node', shape([0, 0], [3, 4], [0, 0], 8, ['n0'])],
    ['two 8-GPU prefill + two 8-GPU decode on two 4-GPU nodes', shape([2, 8], [2, 8], [0, 0], 4, ['n0', 'n1'])],
    ['one aggregated worker without any node', shape([0, 0], [0, 0], [1, 0], 8, [])],
  ])('throws SRT_NODES_EXHAUSTED naming need and supply for %s', (_case, opts) => {
    const e = catchError(() => allocateEndpoints(opts));
    expect(isSrtError(e) && e.code).toBe('SRT_NODES_EXHAUSTED');
    expect((e as Error).message).toMatchSnapshot();
  });

  it('gives the CLAUDE.md example the breakdown from the spec', () => {
    const e = catchError(() => allocateEndpoints(shape([2, 8], [4, 4], [0, 0], 8, ['node0', 'node1', 'node2'])));
    expect((e as Error).message).toMatchInlineSnapshot(`"Not enough nodes: need 4 nodes (2 prefill × 1 node + 4 decode × 0.5 node), allocation has 3. Raise resources.prefill_nodes/resources.decode_nodes so the job requests 4 nodes, lower the worker counts, or pass more nodes (e.g. \`srtctl dry-run --nodes n[1-4]\`)."`);
  });

  it.each([
    ['gpusPerNode 0', shape([1, 4], [0, 0], [0, 0], 0, ['n0'])],
    ['a fractional worker count', shape([1.5, 4], [0, 0], [0, 0], 8, ['n0'])],
    ['negative GPUs per worker', shape([1, -1], [0, 0], [0, 0], 8, ['n0'])],
  ])('rejects %s with SRT_PLAN_INVALID', (_case, opts) => {
    const e = catchError(() => allocateEndpoints(opts));
    expect(isSrtError(e) && e.code).toBe('SRT_PLAN_INVALID');
  });

  describe('properties over 3000 random plans (seeded)', () => {
    const rand = prng(20240611);
    const plans = Array.from({ length: 3000 }, () => randomShape(rand));

    it('matches the reference loop (with the T2 fix), or throws exactly where the reference runs out of nodes', () => {
      for (const o of plans) {
        let expected: string[] | 'exhausted';
        try {
          expected = referenceAllocate(o);
        } catch {
          expected = 'exhausted';
        }
        let actual: string[] | 'exhausted';
        try {
          actual = flat(allocateEndpoints(o));
        } catch (e) {
          if (!isSrtError(e) || e.code !== 'SRT_NODES_EXHAUSTED') throw e;
          actual = 'exhausted';
        }
        expect(actual, JSON.stringify(o)).toStrictEqual(expected);
      }
    });

    it('never gives a GPU of a node to two workers, and gives each worker at least the GPUs it asks for', () => {
      const problems: string[] = [];
      let allocated = 0;
      for (const o of plans) {
        let eps: Endpoint[];
        try {
          eps = allocateEndpoints(o);
        } catch {
          continue;
        }
        allocated += 1;
        const taken = new Set<string>();
        for (const e of eps) {
          const asked = e.mode === 'prefill' ? o.gpusPerPrefill : e.mode === 'decode' ? o.gpusPerDecode : o.gpusPerAgg;
          if (e.totalGpus < asked) problems.push(`${e.mode}${e.index} got ${e.totalGpus} < ${asked}`);
          if (e.gpuIndices.some((g, i) => i > 0 && g <= (e.gpuIndices[i - 1] as number))) problems.push(`${e.mode}${e.index} not ascending`);
          for (const node of e.nodes) {
            for (const g of e.gpuIndices) {
              const key = `${node}/${g}`;
              if (taken.has(key)) problems.push(`${key} given twice in ${JSON.stringify(o)}`);
              taken.add(key);
            }
          }
        }
      }
      expect(problems).toStrictEqual([]);
      expect(allocated).toBeGreaterThan(500);
    });

    it('never starts a whole-node worker on a node that already has a partial worker (T2)', () => {
      const problems: string[] = [];
      for (const o of plans) {
        let eps: Endpoint[];
        try {
          eps = allocateEndpoints(o);
        } catch {
          continue;
        }
        const partialNodes = new Set(eps.filter((e) => e.gpuIndices.length > 0 && e.gpuIndices.length < o.gpusPerNode).map((e) => e.leaderNode));
        for (const e of eps.filter((x) => x.gpuIndices.length === o.gpusPerNode)) {
          for (const n of e.nodes) if (partialNodes.has(n)) problems.push(`${e.mode}${e.index} on ${n} in ${JSON.stringify(o)}`);
        }
      }
      expect(problems).toStrictEqual([]);
    });

    it('is deterministic', () => {
      for (const o of plans.slice(0, 300)) {
        const once = (): unknown => {
          try {
            return allocateEndpoints(o);
          } catch (e) {
            return (e as Error).message;
          }
        };
        expect(once()).toStrictEqual(once());
      }
    });
  });
});
