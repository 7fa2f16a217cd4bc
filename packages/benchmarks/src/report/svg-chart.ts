/** One line of a chart: points joined in the given order. */
export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly { readonly x: number; readonly y: number; readonly label: string }[];
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly width?: number;
  readonly height?: number;
}

/** A categorical palette readable on white (Tableau 10). */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

/** Escapes text for HTML/SVG content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** "Nice" axis ticks (1, 2, 5 × 10^k) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): readonly number[] {
  if (!(hi > lo)) hi = lo + 1;
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let t = Math.floor(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  if ((ticks[ticks.length - 1] ?? lo) < hi) ticks.push(Number(((ticks[ticks.length - 1] ?? lo) + step).toPrecision(12)));
  return ticks;
}

const fmtTick = (v: number): string => (Math.abs(v) >= 10000 ? `${(v / 1000).toFixed(0)}k` : Number(v.toPrecision(4)).toString());

/** A self-contained SVG line chart with axes, grid, point labels and a legend. */
export function renderSvgChart(o: ChartOptions): string {
  const W = o.width ?? 640;
  const H = o.height ?? 400;
  const m = { left: 70, right: 20, top: 40, bottom: 56 };
  const all = o.series.flatMap((s) => s.points);
  const xs = niceTicks(0, Math.max(...all.map((p) => p.x), 1));
  const ys = niceTicks(0, Math.max(...all.map((p) => p.y), 1));
  const x0 = xs[0] ?? 0;
  const x1 = xs[xs.length - 1] ?? 1;
  const y0 = ys[0] ?? 0;
  const y1 = ys[ys.length - 1] ?? 1;
  const px = (x: number): number => m.left + ((x - x0) / (x1 - x0)) * (W - m.left - m.right);
  const py = (y: number): number => H - m.bottom - ((y - y0) / (y1 - y0)) * (H - m.top - m.bottom);
  const r = (n: number): string => n.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(o.title)}">`,
    `<text x="${W / 2}" y="22" text-anchor="middle" class="chart-title">${escapeXml(o.title)}</text>`,
  ];
  for (const t of xs) parts.push(`<line class="grid" x1="${r(px(t))}" y1="${m.top}" x2="${r(px(t))}" y2="${H - m.bottom}"/><text class="tick" x="${r(px(t))}" y="${H - m.bottom + 16}" text-anchor="middle">${fmtTick(t)}</text>`);
  for (const t of ys) parts.push(`<line class="grid" x1="${m.left}" y1="${r(py(t))}" x2="${W - m.right}" y2="${r(py(t))}"/><text class="tick" x="${m.left - 6}" y="${r(py(t) + 4)}" text-anchor="end">${fmtTick(t)}</text>`);
  parts.push(
    `<line class="axis" x1="${m.left}" y1="${H - m.bottom}" x2="${W - m.right}" y2="${H - m.bottom}"/><line class="axis" x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${H - m.bottom}"/>`,
    `<text class="axis-label" x="${(m.left + W - m.right) / 2}" y="${H - 14}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`,
    `<text class="axis-label" transform="translate(16 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(o.yLabel)}</text>`,
  );
  for (const s of o.series) {
    const pts = s.points.map((p) => `${r(px(p.x))},${r(py(p.y))}`).join(' ');
    parts.push(`<g class="series" data-series="${escapeXml(s.name)}"><polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts}"/>`);
    for (const p of s.points)
      parts.push(
        `<circle cx="${r(px(p.x))}" cy="${r(py(p.y))}" r="4" fill="${s.color}"><title>${escapeXml(`${s.name}: ${p.label}`)}</title></circle>` +
          `<text class="point-label" x="${r(px(p.x) + 6)}" y="${r(py(p.y) - 6)}">${escapeXml(p.label)}</text>`,
      );
    parts.push('</g>');
  }
  o.series.forEach((s, i) => {
    const y = m.top + 4 + i * 16;
    parts.push(`<g class="legend"><rect x="${W - m.right - 210}" y="${y - 9}" width="10" height="10" fill="${s.color}"/><text x="${W - m.right - 195}" y="${y}">${escapeXml(s.name.length > 32 ? `${s.name.slice(0, 31)}…` : s.name)}</text></g>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
