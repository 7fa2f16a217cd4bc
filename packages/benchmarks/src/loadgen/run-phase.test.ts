import { describe, expect, it } from 'vitest';
import { poissonArrivals } from './run-phase.ts';

describe('poissonArrivals', () => {
  it('sends everything at once for an infinite rate', () => {
    expect(poissonArrivals(4, Infinity, 0)).toStrictEqual([0, 0, 0, 0]);
  });

  it('draws exponential gaps: mean 1/rate and a Kolmogorov–Smirnov distance within the 1% bound', () => {
    const n = 5000;
    const rate = 50;
    const t = poissonArrivals(n, rate, 42);
    expect(t[0]).toBe(0);
    const gaps = t.slice(1).map((x, i) => (x - (t[i] as number)) / 1000);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(Math.abs(mean - 1 / rate) / (1 / rate)).toBeLessThan(0.05);
    const sorted = [...gaps].sort((a, b) => a - b);
    let d = 0;
    sorted.forEach((g, i) => {
      const cdf = 1 - Math.exp(-rate * g);
      d = Math.max(d, Math.abs(cdf - i / sorted.length), Math.abs(cdf - (i + 1) / sorted.length));
    });
    expect(d).toBeLessThan(1.63 / Math.sqrt(sorted.length));
  });

  it('is reproducible for a seed', () => {
    expect(poissonArrivals(5, 10, 1)).toStrictEqual(poissonArrivals(5, 10, 1));
    expect(poissonArrivals(5, 10, 1)).not.toStrictEqual(poissonArrivals(5, 10, 2));
  });
});
