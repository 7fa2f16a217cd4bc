import { describe, expect, it } from 'vitest';
import { localJobId, localNodes } from './run-local.ts';

describe('localJobId', () => {
  it('stamps the local start time', () => {
    expect(localJobId(new Date(2026, 10, 28, 9, 5, 7))).toBe('local-20261128-090507');
  });
});

describe('localNodes', () => {
  it('maps node i of the plan to local-<i> at 127.0.0.<11+i>', () => {
    const { nodes, nodeAddrs } = localNodes(3);
    expect(nodes).toStrictEqual(['local-0', 'local-1', 'local-2']);
    expect([...nodeAddrs]).toStrictEqual([
      ['local-0', '127.0.0.11'],
      ['local-1', '127.0.0.12'],
      ['local-2', '127.0.0.13'],
    ]);
  });
});
