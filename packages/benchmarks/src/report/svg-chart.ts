/** How a point is marked: a normal dot, an overloaded client (ring with `!`) or an invalid point (cross). */
export type PointFlag = 'overloaded' | 'invalid';

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  /** Drawn next to the point when there is room for it (never over another label, marker or the edge). */
  readonly label?: string;
  /** Tooltip; defaults to the label. */
  readonly title?: string;
  readonly flag?: PointFlag;
}

/** One series of a chart: markers, joined by a line unless `line` is false. */
export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly ChartPoint[];
  /** Join the points in the given order (default true). */
  readonly line?: boolean;
  /** Dashed line (p99 next to a solid p50). */
  readonly dashed?: boolean;
  /** Draw markers (default true). */
  readonly markers?: boolean;
  /** Leave out of the legend (a frontier drawn over its run's markers). */
  readonly hideInLegend?: boolean;
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly width?: number;
  readonly height?: number;
  /** Logarithmic axis: true, false, or `auto` (default: when the positive values span 20× or more). */
  readonly xLog?: boolean | 'auto';
  readonly yLog?: boolean | 'auto';
  /** Horizontal reference lines (an SLO threshold). */
  readonly hLines?: readonly { readonly y: number; readonly label: string }[];
  /** Extra legend entries explaining line styles (`dashed = p99`). */
  readonly legendNotes?: readonly string[];
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

/** Ticks of a log axis covering [lo, hi] (both > 0): decades, with 2 and 5 between when few decades are shown. */
export function logTicks(lo: number, hi: number): readonly number[] {
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const steps = b - a <= 2 ? [1, 2, 5] : b - a <= 4 ? [1, 3] : [1];
  const ticks: number[] = [];
  for (let e = a; e <= b; e++) for (const s of steps) ticks.push(Number((s * 10 ** e).toPrecision(12)));
  const first = ticks.findLastIndex((t) => t <= lo);
  const last = ticks.findIndex((t) => t >= hi);
  return ticks.slice(Math.max(0, first), last < 0 ? undefined : last + 1);
}

/** Whether positive values spanning this range read better on a log axis (20× or more). */
export function spansDecades(values: readonly number[]): boolean {
  const pos = values.filter((v) => v > 0 && Number.isFinite(v));
  if (pos.length < 2) return false;
  return Math.max(...pos) / Math.min(...pos) >= 20;
}

const fmtTick = (v: number): string =>
  Math.abs(v) >= 1e6 ? `${Number((v / 1e6).toPrecision(3))}M` : Math.abs(v) >= 10000 ? `${Number((v / 1000).toPrecision(3))}k` : Number(v.toPrecision(4)).toString();

/** Width in px of `text` at `size` px in a proportional sans-serif font (a safe over-estimate). */
export function textWidth(text: string, size: number): number {
  return text.length * size * 0.62;
}

interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}
const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

interface Axis {
  readonly ticks: readonly number[];
  readonly map: (v: number) => number;
  readonly log: boolean;
}

function axis(values: readonly number[], mode: boolean | 'auto' | undefined, from: number, to: number): Axis {
  const pos = values.filter((v) => v > 0 && Number.isFinite(v));
  const log = mode === true ? pos.length > 0 : mode === false ? false : spansDecades(values);
  if (log) {
    const ticks = logTicks(Math.min(...pos), Math.max(...pos));
    const l0 = Math.log10(ticks[0] ?? 1);
    const l1 = Math.log10(ticks[ticks.length - 1] ?? 10);
    const span = l1 > l0 ? l1 - l0 : 1;
    return { ticks, log, map: (v) => from + ((Math.log10(Math.max(v, 10 ** l0)) - l0) / span) * (to - from) };
  }
  const ticks = niceTicks(0, Math.max(...values.filter(Number.isFinite), 1));
  const t0 = ticks[0] ?? 0;
  const t1 = ticks[ticks.length - 1] ?? 1;
  return { ticks, log, map: (v) => from + ((v - t0) / (t1 - t0)) * (to - from) };
}

const LABEL_SIZE = 10;
const LEGEND_SIZE = 11;

/**
 * A self-contained SVG chart: axes (linear or log), grid, markers (flagged points drawn as a ring
 * with `!` or a cross), lines, point labels placed where they overlap nothing and stay inside the
 * plot (else only a tooltip), and a legend below the plot that wraps instead of clipping.
 */
export function renderSvgChart(o: ChartOptions): string {
  const W = o.width ?? 640;
  const plotH = o.height ?? 400;
  const m = { left: 70, right: 24, top: 40, bottom: 56 };
  const all = o.series.flatMap((s) => s.points);
  const x = axis(all.map((p) => p.x), o.xLog ?? 'auto', m.left, W - m.right);
  const y = axis([...all.map((p) => p.y), ...(o.hLines ?? []).map((l) => l.y)], o.yLog ?? 'auto', plotH - m.bottom, m.top);
  const r = (n: number): string => n.toFixed(1);
  const legend = layoutLegend(o, W, m.left, plotH);
  const H = legend.bottom + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(o.title)}">`,
    `<text x="${W / 2}" y="22" text-anchor="middle" class="chart-title">${escapeXml(o.title)}</text>`,
  ];
  let lastTickRight = -Infinity;
  for (const t of x.ticks) {
    const tx = x.map(t);
    parts.push(`<line class="grid" x1="${r(tx)}" y1="${m.top}" x2="${r(tx)}" y2="${plotH - m.bottom}"/>`);
    const w = textWidth(fmtTick(t), 11);
    if (tx - w / 2 > lastTickRight + 4) {
      parts.push(`<text class="tick" x="${r(tx)}" y="${plotH - m.bottom + 16}" text-anchor="middle">${fmtTick(t)}</text>`);
      lastTickRight = tx + w / 2;
    }
  }
  let lastTickTop = Infinity;
  for (const t of y.ticks) {
    const ty = y.map(t);
    parts.push(`<line class="grid" x1="${m.left}" y1="${r(ty)}" x2="${W - m.right}" y2="${r(ty)}"/>`);
    if (ty < lastTickTop - 12) {
      parts.push(`<text class="tick" x="${m.left - 6}" y="${r(ty + 4)}" text-anchor="end">${fmtTick(t)}</text>`);
      lastTickTop = ty;
    }
  }
  const logNote = (a: Axis): string => (a.log ? ' (log scale)' : '');
  parts.push(
    `<line class="axis" x1="${m.left}" y1="${plotH - m.bottom}" x2="${W - m.right}" y2="${plotH - m.bottom}"/><line class="axis" x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${plotH - m.bottom}"/>`,
    `<text class="axis-label" x="${(m.left + W - m.right) / 2}" y="${plotH - 16}" text-anchor="middle">${escapeXml(o.xLabel + logNote(x))}</text>`,
    `<text class="axis-label" transform="translate(16 ${(m.top + plotH - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(o.yLabel + logNote(y))}</text>`,
  );
  const plot: Box = { x0: m.left + 2, y0: m.top + 2, x1: W - m.right - 2, y1: plotH - m.bottom - 2 };
  const taken: Box[] = [];
  for (const line of o.hLines ?? []) {
    const ly = y.map(line.y);
    parts.push(`<line class="slo" x1="${m.left}" y1="${r(ly)}" x2="${W - m.right}" y2="${r(ly)}" stroke="#b3261e" stroke-dasharray="2 3"/>`);
    const w = textWidth(line.label, LABEL_SIZE);
    const box = { x0: W - m.right - w - 4, y0: ly - 13, x1: W - m.right - 4, y1: ly - 2 };
    taken.push(box);
    parts.push(`<text class="point-label slo-label" x="${r(box.x0)}" y="${r(ly - 4)}">${escapeXml(line.label)}</text>`);
  }
  const drawn = o.series.map((s) => s.points.map((p) => ({ p, cx: x.map(p.x), cy: y.map(p.y) })));
  for (const pts of drawn) for (const { cx, cy } of pts) taken.push({ x0: cx - 5, y0: cy - 5, x1: cx + 5, y1: cy + 5 });
  o.series.forEach((s, si) => {
    const pts = drawn[si] ?? [];
    parts.push(`<g class="series" data-series="${escapeXml(s.name)}">`);
    if (s.line !== false && pts.length > 1)
      parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.map((q) => `${r(q.cx)},${r(q.cy)}`).join(' ')}"/>`);
    for (const { p, cx, cy } of pts) {
      if (s.markers !== false) parts.push(marker(p, cx, cy, s, r));
      if (p.label === undefined) continue;
      const box = placeLabel(p.label, cx, cy, plot, taken);
      if (box === undefined) continue;
      taken.push(box);
      parts.push(`<text class="point-label" x="${r(box.x0)}" y="${r(box.y1 - 2)}">${escapeXml(p.label)}</text>`);
    }
    parts.push('</g>');
  });
  parts.push(...legend.parts);
  parts.push('</svg>');
  return parts.join('\n');
}

function marker(p: ChartPoint, cx: number, cy: number, s: ChartSeries, r: (n: number) => string): string {
  const tip = `<title>${escapeXml(`${s.name}: ${p.title ?? p.label ?? ''}${p.flag ? ` (${p.flag === 'invalid' ? 'INVALID' : 'client overloaded'})` : ''}`)}</title>`;
  if (p.flag === 'invalid')
    return `<g class="flag-invalid"><path d="M${r(cx - 5)},${r(cy - 5)}L${r(cx + 5)},${r(cy + 5)}M${r(cx - 5)},${r(cy + 5)}L${r(cx + 5)},${r(cy - 5)}" stroke="#b3261e" stroke-width="2.5"/>${tip}</g>`;
  if (p.flag === 'overloaded')
    return `<g class="flag-overloaded"><circle cx="${r(cx)}" cy="${r(cy)}" r="5.5" fill="#fff" stroke="${s.color}" stroke-width="2"/><text x="${r(cx)}" y="${r(cy + 3.5)}" text-anchor="middle" class="flag-mark">!</text>${tip}</g>`;
  return `<circle cx="${r(cx)}" cy="${r(cy)}" r="4" fill="${s.color}">${tip}</circle>`;
}

/** The first spot around the point where the label fits in the plot and overlaps nothing placed so far. */
function placeLabel(label: string, cx: number, cy: number, plot: Box, taken: readonly Box[]): Box | undefined {
  const w = textWidth(label, LABEL_SIZE);
  const h = LABEL_SIZE + 2;
  const spots: readonly [number, number][] = [
    [cx + 7, cy - 7 - h], [cx + 7, cy + 7], [cx - 7 - w, cy - 7 - h], [cx - 7 - w, cy + 7],
    [cx + 8, cy - h / 2], [cx - 8 - w, cy - h / 2], [cx - w / 2, cy - 9 - h], [cx - w / 2, cy + 9],
  ];
  for (const [x0, y0] of spots) {
    const box = { x0, y0, x1: x0 + w, y1: y0 + h };
    if (box.x0 < plot.x0 || box.x1 > plot.x1 || box.y0 < plot.y0 || box.y1 > plot.y1) continue;
    if (taken.some((t) => overlaps(t, box))) continue;
    return box;
  }
  return undefined;
}

/** The legend under the x-axis label: entries flow left to right and wrap; long names are shortened (full name in a tooltip). */
function layoutLegend(o: ChartOptions, W: number, left: number, plotH: number): { readonly parts: readonly string[]; readonly bottom: number } {
  const entries: { readonly text: string; readonly full: string; readonly swatch: string }[] = [];
  for (const s of o.series) {
    if (s.hideInLegend) continue;
    const text = s.name.length > 48 ? `${s.name.slice(0, 47)}…` : s.name;
    const swatch = `<line x1="0" y1="-4" x2="14" y2="-4" stroke="${s.color}" stroke-width="${s.line === false ? 0 : 2}"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>${s.markers === false ? '' : `<circle cx="7" cy="-4" r="3.5" fill="${s.color}"/>`}`;
    entries.push({ text, full: s.name, swatch });
  }
  const flags = new Set(o.series.flatMap((s) => s.points.map((p) => p.flag)).filter((f) => f !== undefined));
  if (flags.has('overloaded'))
    entries.push({ text: 'client overloaded', full: 'the load generator reported itself overloaded: latencies not trustworthy', swatch: '<circle cx="7" cy="-4" r="5" fill="#fff" stroke="#556" stroke-width="1.5"/><text x="7" y="-1" text-anchor="middle" class="flag-mark">!</text>' });
  if (flags.has('invalid'))
    entries.push({ text: 'invalid point', full: 'the point failed the validity gate (failed requests)', swatch: '<path d="M2,-9L12,1M2,1L12,-9" stroke="#b3261e" stroke-width="2"/>' });
  for (const n of o.legendNotes ?? []) entries.push({ text: n, full: n, swatch: '' });
  const parts: string[] = [];
  let cx = left;
  let cy = plotH + 4;
  for (const e of entries) {
    const w = (e.swatch ? 20 : 0) + textWidth(e.text, LEGEND_SIZE) + 16;
    if (cx > left && cx + w > W - 10) {
      cx = left;
      cy += 18;
    }
    parts.push(`<g class="legend" transform="translate(${cx.toFixed(1)} ${cy})"><title>${escapeXml(e.full)}</title>${e.swatch}<text x="${e.swatch ? 20 : 0}" y="0">${escapeXml(e.text)}</text></g>`);
    cx += w;
  }
  return { parts, bottom: entries.length > 0 ? cy + 6 : plotH };
}
