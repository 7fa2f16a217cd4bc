import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.ts';

describe('percentile', () => {
  it.each([
    { data: [1, 2, 3, 4], p: 50, want: 2.5 },
    { data: [1, 2, 3, 4], p: 99, want: 3.97 },
    { data: [10, 20, 30, 40, 50], p: 90, want: 46 },
    { data: [10, 20, 30, 40, 50], p: 95, want: 48 },
    { data: [7], p: 99, want: 7 },
    { data: [], p: 50, want: 0 },
  ])('interpolates linearly between closest ranks like numpy ($data, p$p)', ({ data, p, want }) => {
    expect(percentile(data, p)).toBeCloseTo(want, 10);
  });
});

describe('summarize', () => {
  it('reports the population standard deviation, median and percentiles', () => {
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.std).toBe(2);
    expect(s.median).toBe(4.5);
    expect(s.p90).toBeCloseTo(7.6, 10);
    expect(s.p99).toBeCloseTo(8.86, 10);
  });

  it('treats an empty sample as the single value 0', () => {
    expect(summarize([])).toStrictEqual({ mean: 0, median: 0, std: 0, p90: 0, p95: 0, p99: 0 });
  });
});
