import { describe, expect, it } from 'vitest';
import { isSrtError } from '../errors.ts';
import { expandHostlist } from './expand-hostlist.ts';

describe('expandHostlist', () => {
  it.each([
    ['gpu-[01-04,07],other', ['gpu-01', 'gpu-02', 'gpu-03', 'gpu-04', 'gpu-07', 'other']],
    ['h100-[01-13]', Array.from({ length: 13 }, (_, i) => `h100-${String(i + 1).padStart(2, '0')}`)],
    ['node[8-11]', ['node8', 'node9', 'node10', 'node11']],
    ['n[098-101]', ['n098', 'n099', 'n100', 'n101']],
    ['r[1-2]n[01-02]', ['r1n01', 'r1n02', 'r2n01', 'r2n02']],
    ['gpu[1-2]-ib', ['gpu1-ib', 'gpu2-ib']],
    ['a, b ,c', ['a', 'b', 'c']],
    ['login1', ['login1']],
    ['x[5]', ['x5']],
    ['', []],
  ])('expands %j', (hostlist, expected) => {
    expect(expandHostlist(hostlist)).toStrictEqual(expected);
  });

  it.each(['gpu-[01-04', 'gpu-]01[', 'gpu-[a-b]', 'gpu-[04-01]', 'gpu-[[1]]', 'n[0-99999999]'])('rejects the malformed host list %j', (hostlist) => {
    let error: unknown;
    try {
      expandHostlist(hostlist);
    } catch (e) {
      error = e;
    }
    expect(isSrtError(error) && error.code).toBe('SRT_USAGE');
  });

  it('says what a well-formed list looks like', () => {
    expect(() => expandHostlist('gpu-[04-01]')).toThrowErrorMatchingInlineSnapshot(`[SrtError: Cannot expand the host list "gpu-[04-01]": the range 04-01 goes backwards. Write it like "gpu-[01-04,07],login1".]`);
  });
});
