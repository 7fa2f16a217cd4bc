import { describe, expect, it } from 'vitest';
import { parseNodeList, syntheticNodes } from './node-list.ts';

describe('parseNodeList', () => {
  it('expands a SLURM host list keeping zero padding', () => {
    expect(parseNodeList('gpu-[01-03,07],login')).toStrictEqual(['gpu-01', 'gpu-02', 'gpu-03', 'gpu-07', 'login']);
  });

  it.each([
    ['n1,n1', 'node n1 is listed twice'],
    ['n[1-2],n2', 'node n2 is listed twice'],
    [',', 'it names no node'],
  ])('rejects %s (%s)', (list, why) => {
    expect(() => parseNodeList(list)).toThrow(expect.objectContaining({ code: 'SRT_USAGE', message: expect.stringContaining(why) }));
  });
});

describe('syntheticNodes', () => {
  it('names nodes node-01 … with at least two digits', () => {
    expect(syntheticNodes(3)).toStrictEqual(['node-01', 'node-02', 'node-03']);
    expect(syntheticNodes(100)[99]).toBe('node-100');
  });
});
