import { describe, expect, it } from 'vitest';
import { isSrtError } from '../errors.ts';
import { computeFrontendTopology } from './compute-frontend-topology.ts';

const nodesOf = (n: number) => {
  const worker = Array.from({ length: n }, (_, i) => `node${i}`);
  return { head: 'node0', bench: 'node0', worker };
};
const frontend = (enable_multiple_frontends: boolean, num_additional_frontends = 9) => ({ enable_multiple_frontends, num_additional_frontends });

describe('computeFrontendTopology', () => {
  it.each([
    ['one node: a single frontend on the head', 1, frontend(true), undefined, ['node0'], 8000],
    ['three nodes with multiple frontends disabled', 3, frontend(false), undefined, ['node0'], 8000],
    ['two nodes: nginx on the head, one frontend on node1', 2, frontend(true), 'node0', ['node1'], 8080],
    ['three nodes: frontends on the two other nodes', 3, frontend(true), 'node0', ['node1', 'node2'], 8080],
    ['six nodes with 9 additional: five frontends', 6, frontend(true, 9), 'node0', ['node1', 'node2', 'node3', 'node4', 'node5'], 8080],
    ['five nodes with 1 additional: two frontends', 5, frontend(true, 1), 'node0', ['node1', 'node2'], 8080],
    ['three nodes with 100 additional: capped at the other nodes', 3, frontend(true, 100), 'node0', ['node1', 'node2'], 8080],
    ['three nodes with 0 additional: still one frontend behind nginx (T5)', 3, frontend(true, 0), 'node0', ['node1'], 8080],
  ])('places %s', (_case, n, fe, nginxNode, frontendNodes, frontendPort) => {
    expect(computeFrontendTopology(nodesOf(n), fe)).toStrictEqual({ nginxNode, frontendNodes, frontendPort, publicPort: 8000, usesNginx: nginxNode !== undefined });
  });

  it('rejects a negative number of additional frontends', () => {
    let error: unknown;
    try {
      computeFrontendTopology(nodesOf(3), frontend(true, -1));
    } catch (e) {
      error = e;
    }
    expect(isSrtError(error) && error.code).toBe('SRT_CONFIG_INVALID');
  });
});
