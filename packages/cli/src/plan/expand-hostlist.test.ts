import { describe, expect, it } from 'vitest';
import { expandHostlist, syntheticNodes } from './expand-hostlist.ts';

describe('expandHostlist', () => {
  it.each([
    ['gpu-[01-04]', ['gpu-01', 'gpu-02', 'gpu-03', 'gpu-04']],
    ['n[1-2,7],login', ['n1', 'n2', 'n7', 'login']],
    ['a1,b2', ['a1', 'b2']],
    ['rack[9-11]x', ['rack9x', 'rack10x', 'rack11x']],
  ])('expands %s like scontrol show hostnames', (list, names) => {
    expect(expandHostlist(list)).toStrictEqual(names);
  });

  it.each([['gpu-[04-01]'], ['gpu-[a-b]'], [''], ['n1,n1'], ['gpu-[01']])('rejects %j as a usage error', (list) => {
    expect(() => expandHostlist(list)).toThrow(expect.objectContaining({ code: 'SRT_USAGE' }));
  });
});

describe('syntheticNodes', () => {
  it('names nodes node-01 … node-NN', () => {
    expect(syntheticNodes(3)).toStrictEqual(['node-01', 'node-02', 'node-03']);
  });
});
