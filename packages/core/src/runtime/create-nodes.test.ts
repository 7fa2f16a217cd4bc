import { describe, expect, it } from 'vitest';
import { isSrtError } from '../errors.ts';
import { createNodes } from './create-nodes.ts';

describe('createNodes', () => {
  it('makes the first node head and benchmark node, and every node a worker node', () => {
    expect(createNodes(['a', 'b', 'c'])).toStrictEqual({ head: 'a', bench: 'a', worker: ['a', 'b', 'c'] });
  });

  it('works for a single node', () => {
    expect(createNodes(['solo'])).toStrictEqual({ head: 'solo', bench: 'solo', worker: ['solo'] });
  });

  it('rejects an empty node list with SRT_SLURM_UNAVAILABLE', () => {
    let error: unknown;
    try {
      createNodes([]);
    } catch (e) {
      error = e;
    }
    expect(isSrtError(error) && error.code).toBe('SRT_SLURM_UNAVAILABLE');
  });
});
