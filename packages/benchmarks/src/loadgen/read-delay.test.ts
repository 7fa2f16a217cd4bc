import { describe, expect, it } from 'vitest';
import { readDelayPercentile, readEnded, readStarted, resetReadDelay } from './read-delay.ts';

describe('readDelayPercentile', () => {
  it('measures how long back-to-back reads waited behind the first read of their batch', () => {
    resetReadDelay();
    // batch 1: reads start at 100, 101, 102 ms, each processed in just under 1 ms (back to back)
    for (const t of [100, 101, 102]) {
      readStarted(t);
      readEnded(t + 0.99);
    }
    // an idle gap, then a lone read: a new batch with zero delay
    readStarted(200);
    readEnded(200.01);
    expect(readDelayPercentile(25)).toBeCloseTo(0.05, 9);
    expect(readDelayPercentile(50)).toBeCloseTo(0.05, 9);
    expect(readDelayPercentile(75)).toBeCloseTo(1.05, 9);
    expect(readDelayPercentile(100)).toBeCloseTo(2.05, 9);
  });

  it('is 0 without reads', () => {
    resetReadDelay();
    expect(readDelayPercentile(99)).toBe(0);
  });
});
