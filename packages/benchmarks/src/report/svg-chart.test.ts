import { describe, expect, it } from 'vitest';
import { escapeXml, logTicks, niceTicks, renderSvgChart, textWidth } from './svg-chart.ts';

describe('niceTicks', () => {
  it.each([
    { lo: 0, hi: 13, want: [0, 5, 10, 15] },
    { lo: 0, hi: 1594, want: [0, 500, 1000, 1500, 2000] },
    { lo: 0, hi: 0.42, want: [0, 0.1, 0.2, 0.3, 0.4, 0.5] },
    { lo: 0, hi: 0, want: [0, 0.2, 0.4, 0.6, 0.8, 1] },
  ])('covers [$lo, $hi] with 1-2-5 steps', ({ lo, hi, want }) => {
    expect(niceTicks(lo, hi)).toStrictEqual(want);
  });
});

describe('escapeXml', () => {
  it('escapes markup characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('logTicks', () => {
  it.each([
    { lo: 1, hi: 15000, want: [1, 10, 100, 1000, 10000, 100000] },
    { lo: 4, hi: 64, want: [2, 5, 10, 20, 50, 100] },
  ])('covers [$lo, $hi] in decades', ({ lo, hi, want }) => {
    expect(logTicks(lo, hi)).toStrictEqual(want);
  });
});

const boxesOf = (svg: string): { x0: number; y0: number; x1: number; y1: number }[] =>
  [...svg.matchAll(/<text class="point-label" x="([\d.]+)" y="([\d.]+)">([^<]*)<\/text>/g)].map((m) => {
    const x = Number(m[1]);
    const y = Number(m[2]);
    return { x0: x, y0: y - 10, x1: x + textWidth(m[3] ?? '', 10), y1: y + 2 };
  });

describe('renderSvgChart', () => {
  it('draws one polyline per series through its points and escapes names', () => {
    const svg = renderSvgChart({
      title: 'T', xLabel: 'x', yLabel: 'y', width: 200, height: 100, xLog: false, yLog: false,
      series: [{ name: '<run>', color: '#000', points: [{ x: 0, y: 0, label: 'c=1' }, { x: 10, y: 10, label: 'c=2' }] }],
    });
    expect(svg.match(/<polyline[^>]*>/g)).toStrictEqual(['<polyline fill="none" stroke="#000" stroke-width="2" points="70.0,44.0 176.0,40.0"/>']);
    expect(svg).toContain('data-series="&lt;run&gt;"');
    expect(svg).not.toContain('<run>');
  });

  it('places point labels where they overlap nothing and stay inside the plot, dropping those that do not fit', () => {
    const points = Array.from({ length: 40 }, (_, i) => ({ x: 100 + (i % 4), y: 1000 + i, label: `c=${2 ** (i % 12)}` }));
    const svg = renderSvgChart({ title: 'dense', xLabel: 'x', yLabel: 'y', series: [{ name: 's', color: '#000', points, line: false }] });
    const boxes = boxesOf(svg);
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.length).toBeLessThan(40);
    for (const [i, a] of boxes.entries()) {
      expect(a.x0).toBeGreaterThanOrEqual(70);
      expect(a.x1).toBeLessThanOrEqual(640 - 24);
      for (const b of boxes.slice(i + 1)) expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false);
    }
  });

  it('switches to a log axis when values span decades and wraps a long legend below the plot', () => {
    const series = Array.from({ length: 8 }, (_, i) => ({ name: `a rather long run name number ${i} (12345)`, color: '#000', points: [{ x: 1, y: 1 + i }, { x: 15000, y: 2 + i }] }));
    const svg = renderSvgChart({ title: 't', xLabel: 'concurrency', yLabel: 'ms', series });
    expect(svg).toContain('concurrency (log scale)');
    expect(svg).not.toContain('ms (log scale)');
    const legendYs = new Set([...svg.matchAll(/class="legend" transform="translate\([\d.]+ (\d+)\)"/g)].map((m) => m[1]));
    expect(legendYs.size).toBeGreaterThan(1);
    const height = Number(/height="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    expect(height).toBeGreaterThan(Math.max(...[...legendYs].map(Number)));
  });
});
