import { describe, expect, it } from 'vitest';
import { calculateMetrics, type RequestRecord } from './metrics.ts';

const ok = (ttft: number, itl: number[], outputTokens: number): RequestRecord => ({
  success: true, error: '', ttft, itl, latency: ttft + itl.reduce((a, b) => a + b, 0), outputTokens, text: '',
});
const failed: RequestRecord = { success: false, error: 'HTTP 500', ttft: 0, itl: [], latency: 0, outputTokens: 0, text: '' };
const reqs = [100, 200, 300].map((promptLen) => ({ prompt: '', promptLen, outputLen: 4 }));

describe('calculateMetrics', () => {
  it('computes sa-bench metrics from hand-made streams', () => {
    // request 0: ttft 0.1 s, gaps 0.02/0.02/0.02 → latency 0.16, 4 tokens → tpot (0.16 − 0.1)/3 = 20 ms
    // request 1: ttft 0.3 s, gaps 0.01/0.03 → latency 0.34, 6 tokens (a chunk carried 3) → tpot 0.04/5 = 8 ms
    const m = calculateMetrics(reqs, [ok(0.1, [0.02, 0.02, 0.02], 4), ok(0.3, [0.01, 0.03], 6), failed], 2);
    expect(m.completed).toBe(2);
    expect(m.failed).toBe(1);
    expect(m.totalInputTokens).toBe(300);
    expect(m.totalOutputTokens).toBe(10);
    expect(m.requestThroughput).toBe(1);
    expect(m.outputThroughput).toBe(5);
    expect(m.totalTokenThroughput).toBe(155);
    expect(m.ttftMs.mean).toBeCloseTo(200, 9);
    expect(m.ttftMs.median).toBeCloseTo(200, 9);
    expect(m.ttftMs.std).toBeCloseTo(100, 9);
    expect(m.tpotMs.mean).toBeCloseTo(14, 9);
    expect(m.itlMs.median).toBeCloseTo(20, 9);
    expect(m.itlMs.p99).toBeCloseTo(29.6, 9);
    expect(m.e2elMs.mean).toBeCloseTo(250, 9);
  });

  it('leaves TPOT out for single-token outputs and reports zeros when everything failed', () => {
    expect(calculateMetrics(reqs.slice(0, 1), [ok(0.1, [], 1)], 1).tpotMs.mean).toBe(0);
    const m = calculateMetrics(reqs.slice(0, 2), [failed, failed], 1);
    expect([m.completed, m.failed, m.totalOutputTokens, m.ttftMs.p99]).toStrictEqual([0, 2, 0, 0]);
  });
});
