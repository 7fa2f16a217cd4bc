import { describe, expect, it } from 'vitest';
import { countChunkTokens, createRandomRequests } from './prompts.ts';

describe('createRandomRequests', () => {
  it('draws input and output lengths uniformly from [floor(len × 0.8), len]', () => {
    const reqs = createRandomRequests({ isl: 100, osl: 50, count: 2000, seed: 1 });
    const ins = reqs.map((r) => r.promptLen);
    const outs = reqs.map((r) => r.outputLen);
    expect([Math.min(...ins), Math.max(...ins)]).toStrictEqual([80, 100]);
    expect([Math.min(...outs), Math.max(...outs)]).toStrictEqual([40, 50]);
    expect(ins.reduce((a, b) => a + b, 0) / ins.length).toBeGreaterThan(88);
    expect(ins.reduce((a, b) => a + b, 0) / ins.length).toBeLessThan(92);
  });

  it('builds each prompt from exactly promptLen vocabulary words', () => {
    for (const r of createRandomRequests({ isl: 64, osl: 8, count: 20, seed: 3 })) expect(r.prompt.split(' ')).toHaveLength(r.promptLen);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const a = createRandomRequests({ isl: 32, osl: 8, count: 5, seed: 7 });
    expect(createRandomRequests({ isl: 32, osl: 8, count: 5, seed: 7 })).toStrictEqual(a);
    expect(createRandomRequests({ isl: 32, osl: 8, count: 5, seed: 8 })).not.toStrictEqual(a);
  });

  it('uses the exact lengths with range ratio 1', () => {
    const reqs = createRandomRequests({ isl: 10, osl: 4, count: 10, rangeRatio: 1 });
    expect(new Set(reqs.map((r) => `${r.promptLen}/${r.outputLen}`))).toStrictEqual(new Set(['10/4']));
  });
});

describe('countChunkTokens', () => {
  it.each([
    { text: ' w1', want: 1 },
    { text: ' the cat sat', want: 3 },
    { text: 'ing', want: 1 },
    { text: '', want: 1 },
    { text: '  \n ', want: 1 },
    { text: 'a\tb\nc', want: 3 },
  ])('counts "$text" as $want token(s)', ({ text, want }) => {
    expect(countChunkTokens(text)).toBe(want);
  });
});
