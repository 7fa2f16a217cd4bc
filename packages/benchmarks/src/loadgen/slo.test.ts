import { describe, expect, it } from 'vitest';
import { meanCi95, parseSlo, searchSlo } from './slo.ts';

const fake = (limit: number): { probed: number[]; probe: (load: number) => Promise<{ load: number; pass: boolean; goodput: number; violations: string[] }> } => {
  const probed: number[] = [];
  return {
    probed,
    probe: async (load) => {
      probed.push(load);
      return { load, pass: load <= limit, goodput: load <= limit ? load : 0, violations: load <= limit ? [] : ['itl_p99_ms'] };
    },
  };
};

describe('searchSlo', () => {
  it('brackets by doubling then bisects to the largest passing concurrency', async () => {
    const f = fake(37);
    const r = await searchSlo({ search: 'concurrency', start: 4, max: 4096, maxProbes: 12, probe: f.probe });
    expect(f.probed).toStrictEqual([4, 8, 16, 32, 64, 48, 40, 36, 38, 37]);
    expect([r.answer?.load, r.ended]).toStrictEqual([37, 'converged']);
  });

  it('halves when the start already fails, and stops at the probe limit with the best so far', async () => {
    const f = fake(5);
    const r = await searchSlo({ search: 'concurrency', start: 64, max: 4096, maxProbes: 5, probe: f.probe });
    expect(f.probed).toStrictEqual([64, 32, 16, 8, 4]);
    expect([r.answer?.load, r.ended, r.probes.length]).toStrictEqual([4, 'probe-limit', 5]);
  });

  it('stops at the maximum load when everything passes, and reports none when nothing does', async () => {
    expect((await searchSlo({ search: 'concurrency', start: 1, max: 6, probe: fake(100).probe })).ended).toBe('max-load');
    const none = await searchSlo({ search: 'concurrency', start: 2, max: 64, probe: fake(0).probe });
    expect([none.answer, none.ended, none.probes.map((p) => p.load)]).toStrictEqual([undefined, 'none-passed', [2, 1]]);
  });

  it('bisects a request rate to within 5 %', async () => {
    const f = fake(13.3);
    const r = await searchSlo({ search: 'rate', start: 2, max: 1000, maxProbes: 20, probe: f.probe });
    expect(r.ended).toBe('converged');
    expect(r.answer?.load).toBeGreaterThan(13.3 / 1.05);
    expect(r.answer?.load).toBeLessThanOrEqual(13.3);
  });
});

describe('parseSlo and meanCi95', () => {
  it('reads KEY=MS pairs and rejects unknown keys', () => {
    expect(parseSlo('ttft_p99_ms=500, itl_p99_ms=30')).toStrictEqual({ ttft_p99_ms: 500, itl_p99_ms: 30 });
    expect(() => parseSlo('itl_p98_ms=3')).toThrow(/Invalid SLO "itl_p98_ms=3"/);
  });

  it('gives the mean and the t-based 95 % half-width', () => {
    expect(meanCi95([10, 12, 14])).toStrictEqual({ mean: 12, ci95: expect.closeTo((4.303 * 2) / Math.sqrt(3), 6) });
    expect(meanCi95([5])).toStrictEqual({ mean: 5, ci95: 0 });
  });
});
