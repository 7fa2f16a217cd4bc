import { describe, expect, it } from 'vitest';
import { formatCount } from './format-count.ts';

describe('formatCount', () => {
  it('groups thousands as toLocaleString("en-US") does for integers', () => {
    for (const n of [0, 7, 999, 1000, 12345, 100000, 1234567, 2147483647, -4096, 9007199254740991]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
  });
  it('keeps a fraction and non-finite values readable', () => {
    expect(formatCount(1234.5)).toBe('1,234.5');
    expect(formatCount(Infinity)).toBe('Infinity');
  });
});
