import { describe, expect, it } from 'vitest';
import { escapeXml, niceTicks, renderSvgChart } from './svg-chart.ts';

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

describe('renderSvgChart', () => {
  it('draws one polyline per series through its points and escapes names', () => {
    const svg = renderSvgChart({
      title: 'T', xLabel: 'x', yLabel: 'y', width: 200, height: 100,
      series: [{ name: '<run>', color: '#000', points: [{ x: 0, y: 0, label: 'c=1' }, { x: 10, y: 10, label: 'c=2' }] }],
    });
    expect(svg.match(/<polyline[^>]*>/g)).toStrictEqual(['<polyline fill="none" stroke="#000" stroke-width="2" points="70.0,44.0 180.0,40.0"/>']);
    expect(svg).toContain('data-series="&lt;run&gt;"');
    expect(svg).not.toContain('<run>');
  });
});
