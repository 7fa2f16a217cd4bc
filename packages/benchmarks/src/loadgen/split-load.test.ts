import { describe, expect, it } from 'vitest';
import { calculateMetrics, type RequestRecord } from './metrics.ts';
import { mergeSliceResults, planLoadSlices, splitEvenly, type SliceResult } from './split-load.ts';
import { checkEphemeralPorts, checkOpenFileLimit, parseOpenFileLimit } from './fd-limit.ts';

const rec = (ttft: number, itl: readonly number[]): RequestRecord => ({
  success: true, error: '', ttft, itl, latency: ttft + itl.reduce((a, b) => a + b, 0), outputTokens: itl.length + 1, text: '',
});

describe('splitEvenly / planLoadSlices', () => {
  it('splits streams as evenly as possible, larger shares first', () => {
    expect(splitEvenly(5, 2)).toStrictEqual([3, 2]);
    expect(splitEvenly(1024, 3)).toStrictEqual([342, 341, 341]);
    expect(splitEvenly(4, 4)).toStrictEqual([1, 1, 1, 1]);
  });

  it('gives each process a contiguous slice of the prompt indices covering the single-process set, and its share of the rate', () => {
    const slices = planLoadSlices(5, 25, 10, 2);
    expect(slices).toStrictEqual([
      { concurrency: 3, start: 0, end: 13, rate: (10 * 13) / 25 },
      { concurrency: 2, start: 13, end: 25, rate: (10 * 12) / 25 },
    ]);
    expect(slices.reduce((a, s) => a + s.rate, 0)).toBeCloseTo(10);
    expect(planLoadSlices(8, 40, Infinity, 2).map((s) => s.rate)).toStrictEqual([Infinity, Infinity]);
  });

  it('never makes a process without streams', () => {
    expect(planLoadSlices(2, 10, Infinity, 4).map((s) => s.concurrency)).toStrictEqual([1, 1]);
    expect(planLoadSlices(3, 1, Infinity, 4)).toStrictEqual([{ concurrency: 3, start: 0, end: 1, rate: Infinity }]);
  });
});

describe('mergeSliceResults', () => {
  it('puts raw records back in prompt order and measures from the earliest start to the latest end', () => {
    const [a, b] = planLoadSlices(3, 3, Infinity, 2) as [ReturnType<typeof planLoadSlices>[number], ReturnType<typeof planLoadSlices>[number]];
    const results: SliceResult[] = [
      { slice: b, records: [rec(0.3, [0.03])], startedAtMs: 1000, endedAtMs: 3500, gaps: { total: 1, coalesced: 0 } },
      { slice: a, records: [rec(0.1, [0.01, 0.01]), rec(0.2, [0.02])], startedAtMs: 1010, endedAtMs: 3000, gaps: { total: 3, coalesced: 1 } },
    ];
    const merged = mergeSliceResults(results, 3);
    expect(merged.records.map((r) => r.ttft)).toStrictEqual([0.1, 0.2, 0.3]);
    expect(merged.duration).toBeCloseTo(2.5);
    expect(merged.gaps).toStrictEqual({ total: 4, coalesced: 1 });
  });

  it('gives the same percentiles as one process over the same samples (never averages of percentiles)', () => {
    // one slow process and one fast one: the mean of their p99s is not the pooled p99
    const fast = Array.from({ length: 99 }, () => rec(0.01, [0.01]));
    const slow = [rec(1, [1])];
    const all = [...fast, ...slow];
    const slices = planLoadSlices(2, 100, Infinity, 2);
    const merged = mergeSliceResults([
      { slice: slices[0]!, records: all.slice(0, 50), startedAtMs: 0, endedAtMs: 1000, gaps: { total: 0, coalesced: 0 } },
      { slice: slices[1]!, records: all.slice(50), startedAtMs: 0, endedAtMs: 1000, gaps: { total: 0, coalesced: 0 } },
    ], 100);
    const reqs = all.map(() => ({ prompt: '', promptLen: 4, outputLen: 2 }));
    expect(calculateMetrics(reqs, merged.records, merged.duration)).toStrictEqual(calculateMetrics(reqs, all, 1));
  });

  it('marks prompts of a process that sent nothing back as failed', () => {
    const slices = planLoadSlices(2, 4, Infinity, 2);
    const merged = mergeSliceResults([{ slice: slices[0]!, records: [rec(0.1, []), rec(0.1, [])], startedAtMs: 0, endedAtMs: 10, gaps: { total: 0, coalesced: 0 } }], 4);
    expect(merged.records.map((r) => r.success)).toStrictEqual([true, true, false, false]);
  });
});

describe('the open-file limit check', () => {
  const limits = (soft: string, hard: string): string => `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                 ${hard}                 files\n`;
  it('parses /proc/self/limits', () => {
    expect(parseOpenFileLimit(limits('1024', '4096'))).toStrictEqual({ soft: 1024, hard: 4096 });
    expect(parseOpenFileLimit(limits('unlimited', 'unlimited'))).toStrictEqual({ soft: Infinity, hard: Infinity });
    expect(parseOpenFileLimit('nothing')).toBeUndefined();
  });

  it('passes when the streams fit, and otherwise says how to raise the limit', () => {
    expect(() => checkOpenFileLimit(limits('65536', '65536'), 15000)).not.toThrow();
    expect(() => checkOpenFileLimit(undefined, 15000)).not.toThrow();
    expect(() => checkOpenFileLimit(limits('1024', '65536'), 15000)).toThrow(/15064 open files .* is 1024/);
    try {
      checkOpenFileLimit(limits('1024', '4096'), 15000);
      expect.unreachable();
    } catch (e) {
      expect((e as { details: readonly string[] }).details.join('\n')).toMatch(/hard limit is 4096.*ulimit -Hn 15064/);
    }
  });

  it('checks the ephemeral port range against the streams of all processes, and says how to widen it', () => {
    expect(() => checkEphemeralPorts('32768\t60999\n', 15000)).not.toThrow();
    expect(() => checkEphemeralPorts(undefined, 50000)).not.toThrow();
    try {
      checkEphemeralPorts('50000 60999', 15000);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toBe('sa-bench opens 15000 connections to one server address, but the ephemeral port range (net.ipv4.ip_local_port_range 50000–60999) has only 11000 ports');
      expect((e as { details: readonly string[] }).details[0]).toMatch(/sysctl -w net.ipv4.ip_local_port_range="1024 65535" \(about 16000 ports are needed\)/);
    }
  });
});
