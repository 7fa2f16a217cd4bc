import { describe, expect, it } from 'vitest';
import { allocateEndpoints } from './allocate-endpoints.ts';
import { endpointsToProcesses } from './endpoints-to-processes.ts';
import type { Endpoint, Process } from './types.ts';

type Counts = [number, number, number, number, number, number];

function processes([np, gp, nd, gd, na, ga]: Counts, gpusPerNode: number, nodes: readonly string[]): Process[] {
  return endpointsToProcesses(
    allocateEndpoints({ numPrefill: np, gpusPerPrefill: gp, numDecode: nd, gpusPerDecode: gd, numAgg: na, gpusPerAgg: ga, gpusPerNode, availableNodes: nodes }),
  );
}

/** `P0 n0 r0 8081 30000 31000 0,1` rows as in topology.md §4. */
const rows = (ps: readonly Process[]): string[] =>
  ps.map((p) => `${p.endpointMode[0]?.toUpperCase()}${p.endpointIndex} ${p.node} r${p.nodeRank} ${p.sysPort} ${p.httpPort} ${p.bootstrapPort ?? '-'} ${p.cudaVisibleDevices || "''"}`);

describe('endpointsToProcesses', () => {
  it.each<[string, Counts, number, string[], string[]]>([
    ['A', [1, 8, 2, 4, 0, 0], 8, ['n0', 'n1'], ['P0 n0 r0 8081 30000 31000 0,1,2,3,4,5,6,7', 'D0 n1 r0 8082 30000 - 0,1,2,3', 'D1 n1 r0 8083 30001 - 4,5,6,7']],
    ['B', [2, 8, 4, 4, 0, 0], 8, ['n0', 'n1', 'n2', 'n3'], [
      'P0 n0 r0 8081 30000 31000 0,1,2,3,4,5,6,7', 'P1 n1 r0 8082 30000 31000 0,1,2,3,4,5,6,7',
      'D0 n2 r0 8083 30000 - 0,1,2,3', 'D1 n2 r0 8084 30001 - 4,5,6,7', 'D2 n3 r0 8085 30000 - 0,1,2,3', 'D3 n3 r0 8086 30001 - 4,5,6,7',
    ]],
    ['D', [1, 8, 1, 4, 0, 0], 4, ['n0', 'n1', 'n2'], ['P0 n0 r0 8081 30000 31000 0,1,2,3', 'P0 n1 r1 8082 0 31000 0,1,2,3', 'D0 n2 r0 8083 30000 - 0,1,2,3']],
    ['E', [2, 2, 2, 2, 0, 0], 4, ['n0', 'n1'], ['P0 n0 r0 8081 30000 31000 0,1', 'P1 n0 r0 8082 30001 31001 2,3', 'D0 n1 r0 8083 30000 - 0,1', 'D1 n1 r0 8084 30001 - 2,3']],
    ['G', [1, 4, 1, 4, 0, 0], 8, ['n0'], ['P0 n0 r0 8081 30000 31000 0,1,2,3', 'D0 n0 r0 8082 30001 - 4,5,6,7']],
    ['H', [0, 0, 0, 0, 3, 3], 8, ['n0', 'n1'], ['A0 n0 r0 8081 30000 - 0,1,2', 'A1 n0 r0 8082 30001 - 3,4,5', 'A2 n1 r0 8083 30000 - 0,1,2']],
    ['I', [0, 0, 0, 0, 1, 12], 8, ['n0', 'n1'], ['A0 n0 r0 8081 30000 - 0,1,2,3,4,5,6,7', 'A0 n1 r1 8082 0 - 0,1,2,3,4,5,6,7']],
    ['K', [2, 8, 2, 16, 0, 0], 8, ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'], [
      'P0 n0 r0 8081 30000 31000 0,1,2,3,4,5,6,7', 'P1 n1 r0 8082 30000 31000 0,1,2,3,4,5,6,7',
      'D0 n2 r0 8083 30000 - 0,1,2,3,4,5,6,7', 'D0 n3 r1 8084 0 - 0,1,2,3,4,5,6,7', 'D1 n4 r0 8085 30000 - 0,1,2,3,4,5,6,7', 'D1 n5 r1 8086 0 - 0,1,2,3,4,5,6,7',
    ]],
    ['L', [1, 0, 0, 0, 0, 0], 4, ['n0'], ["P0 n0 r0 8081 30000 31000 ''"]],
  ])('assigns ports and devices of worked example %s', (_case, counts, gpn, nodes, expected) => {
    expect(rows(processes(counts, gpn, nodes))).toStrictEqual(expected);
  });

  it('runs example J: four prefill leaders and one 12-node decode with sys ports 8081..8096', () => {
    const nodes = Array.from({ length: 18 }, (_, i) => `g${String(i + 1).padStart(2, '0')}`);
    const ps = processes([4, 4, 1, 48, 0, 0], 4, nodes);
    expect(ps.map((p) => p.sysPort)).toStrictEqual(Array.from({ length: 16 }, (_, i) => 8081 + i));
    expect(ps.slice(0, 4).map((p) => [p.node, p.httpPort, p.bootstrapPort])).toStrictEqual([
      ['g01', 30000, 31000], ['g02', 30000, 31000], ['g03', 30000, 31000], ['g04', 30000, 31000],
    ]);
    expect(ps.slice(4).map((p) => [p.node, p.nodeRank, p.httpPort, p.isLeader])).toStrictEqual(
      nodes.slice(4, 16).map((n, r) => [n, r, r === 0 ? 30000 : 0, r === 0]),
    );
  });

  it('builds one process per node with unique sys and HTTP ports (1P×2 + 1D×2 on one 4-GPU node)', () => {
    const ps = processes([1, 2, 1, 2, 0, 0], 4, ['node0']);
    expect(ps.map((p) => [p.sysPort, p.httpPort])).toStrictEqual([[8081, 30000], [8082, 30001]]);
  });

  it('gives a multi-node prefill leader HTTP 30000 and every rank the same bootstrap port', () => {
    expect(processes([1, 8, 0, 0, 0, 0], 4, ['node0', 'node1'])).toStrictEqual([
      { node: 'node0', gpuIndices: [0, 1, 2, 3], sysPort: 8081, httpPort: 30000, bootstrapPort: 31000, endpointMode: 'prefill', endpointIndex: 0, nodeRank: 0, isLeader: true, cudaVisibleDevices: '0,1,2,3' },
      { node: 'node1', gpuIndices: [0, 1, 2, 3], sysPort: 8082, httpPort: 0, bootstrapPort: 31000, endpointMode: 'prefill', endpointIndex: 0, nodeRank: 1, isLeader: false, cudaVisibleDevices: '0,1,2,3' },
    ]);
  });

  it('starts sys ports at baseSysPort', () => {
    expect(endpointsToProcesses(allocateEndpoints({ numPrefill: 0, gpusPerPrefill: 0, numDecode: 2, gpusPerDecode: 2, numAgg: 0, gpusPerAgg: 0, gpusPerNode: 4, availableNodes: ['a'] }), { baseSysPort: 9000 }).map((p) => p.sysPort)).toStrictEqual([9000, 9001]);
  });

  it('sorts GPU indices for CUDA_VISIBLE_DEVICES of hand-built endpoints', () => {
    const ep: Endpoint = { mode: 'decode', index: 0, nodes: ['x'], gpuIndices: [3, 1], gpusPerNode: 4, leaderNode: 'x', numNodes: 1, totalGpus: 2, isMultiNode: false };
    expect(endpointsToProcesses([ep])[0]?.cudaVisibleDevices).toBe('1,3');
  });

  it('keeps counting a node\'s ports when its leaders are not consecutive', () => {
    const ep = (mode: Endpoint['mode'], index: number, node: string): Endpoint => ({ mode, index, nodes: [node], gpuIndices: [0], gpusPerNode: 8, leaderNode: node, numNodes: 1, totalGpus: 1, isMultiNode: false });
    const ps = endpointsToProcesses([ep('prefill', 0, 'a'), ep('prefill', 1, 'b'), ep('prefill', 2, 'a'), ep('decode', 0, 'b'), ep('decode', 1, 'a')]);
    expect(ps.map((p) => [p.node, p.httpPort, p.bootstrapPort])).toStrictEqual([
      ['a', 30000, 31000], ['b', 30000, 31000], ['a', 30001, 31001], ['b', 30001, undefined], ['a', 30002, undefined],
    ]);
  });

  it('equals a literal port of the reference allocator on 500 random shuffled endpoint lists', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const reference = (eps: readonly Endpoint[]): string[] => {
      const http = new Map<string, number>();
      const boot = new Map<string, number>();
      const next = (m: Map<string, number>, node: string, base: number): number => {
        const v = m.get(node) ?? base;
        m.set(node, v + 1);
        return v;
      };
      let sys = 8081;
      const out: string[] = [];
      for (const e of eps) {
        const b = e.mode === 'prefill' ? next(boot, e.nodes[0] as string, 31000) : undefined;
        e.nodes.forEach((node, rank) => out.push(`${node} ${sys++} ${rank === 0 ? next(http, node, 30000) : 0} ${b}`));
      }
      return out;
    };
    for (let t = 0; t < 500; t++) {
      const nodes = Array.from({ length: 12 }, (_, i) => `n${i}`);
      const eps = allocateEndpoints({ numPrefill: rand(4), gpusPerPrefill: [2, 4, 8][rand(3)] as number, numDecode: rand(4), gpusPerDecode: [2, 4, 8, 16][rand(4)] as number, numAgg: rand(3), gpusPerAgg: 4, gpusPerNode: 8, availableNodes: nodes });
      for (let i = eps.length - 1; i > 0; i--) {
        const j = rand(i + 1);
        [eps[i], eps[j]] = [eps[j] as Endpoint, eps[i] as Endpoint];
      }
      expect(endpointsToProcesses(eps).map((p) => `${p.node} ${p.sysPort} ${p.httpPort} ${p.bootstrapPort}`)).toStrictEqual(reference(eps));
    }
  });

  it('returns no processes for no endpoints', () => {
    expect(endpointsToProcesses([])).toStrictEqual([]);
  });
});
