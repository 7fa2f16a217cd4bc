import type { PointFlag } from './svg-chart.ts';
import type { ReportPoint } from './types.ts';

/**
 * Output tokens per second one user sees: 1000 / TPOT p50 (ITL p50 when TPOT is missing); 0 when unknown.
 *
 * @example tokensPerUser({ ...point, tpot: { ...point.tpot, p50: 20 } }) // → 50
 */
export function tokensPerUser(p: ReportPoint): number {
  const ms = p.tpot.p50 > 0 ? p.tpot.p50 : p.itl.p50;
  return ms > 0 ? 1000 / ms : 0;
}

/**
 * `invalid` when the point failed the validity gate or nothing completed, `overloaded` when the client said so.
 *
 * @example pointFlag({ ...point, valid: true, completed: 1000, clientOverloaded: true }) // → 'overloaded'
 */
export function pointFlag(p: ReportPoint): PointFlag | undefined {
  if (p.valid === false || p.completed === 0) return 'invalid';
  return p.clientOverloaded ? 'overloaded' : undefined;
}

/**
 * The Pareto frontier of points where both x and y are better when larger: the points no other
 * point beats on both, sorted by x (so it reads as a line from high throughput to high interactivity).
 * @example paretoFrontier([{ x: 1, y: 3 }, { x: 2, y: 2 }, { x: 1, y: 1 }]) // → [{ x: 1, y: 3 }, { x: 2, y: 2 }]
 */
export function paretoFrontier<T extends { readonly x: number; readonly y: number }>(points: readonly T[]): readonly T[] {
  const sorted = [...points].filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => b.x - a.x || b.y - a.y);
  const out: T[] = [];
  let best = -Infinity;
  for (const p of sorted) {
    if (p.y > best) {
      out.push(p);
      best = p.y;
    }
  }
  return out.reverse();
}
