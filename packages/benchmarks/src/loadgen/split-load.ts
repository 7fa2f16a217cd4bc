import type { RequestRecord } from './metrics.ts';
import type { PhaseResult } from './run-phase.ts';

/**
 * `total` split into `parts` whole shares as evenly as possible, larger shares first (5, 2 → [3, 2]).
 *
 * @example splitEvenly(5, 2) // → [3, 2]
 */
export function splitEvenly(total: number, parts: number): readonly number[] {
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, k) => base + (k < extra ? 1 : 0));
}

/** What one client process runs: its streams, its contiguous slice of prompt indices, its share of the rate. */
export interface LoadSlice {
  readonly concurrency: number;
  /** Prompt indices `[start, end)` of the single-process run's set. */
  readonly start: number;
  readonly end: number;
  /** Requests per second of this slice (Infinity: as fast as its streams allow). */
  readonly rate: number;
}

/**
 * Splits one phase (concurrency `c`, `count` prompts, `rate` req/s) over at most `processes`
 * client processes: streams and prompts as evenly as possible, the rate in proportion to each
 * slice's prompts. No slice gets zero streams (c = 2, N = 4 → two slices).
 *
 * @example planLoadSlices(5, 25, 10, 2) // → [{ concurrency: 3, start: 0, end: 13, rate: 5.2 }, { concurrency: 2, start: 13, end: 25, rate: 4.8 }]
 */
export function planLoadSlices(concurrency: number, count: number, rate: number, processes: number): readonly LoadSlice[] {
  const n = Math.max(1, Math.min(processes, concurrency, Math.max(1, count)));
  const streams = splitEvenly(concurrency, n);
  const prompts = splitEvenly(count, n);
  const slices: LoadSlice[] = [];
  let start = 0;
  for (let k = 0; k < n; k++) {
    const size = prompts[k] as number;
    slices.push({ concurrency: streams[k] as number, start, end: start + size, rate: Number.isFinite(rate) && count > 0 ? (rate * size) / count : rate });
    start += size;
  }
  return slices;
}

/** One client process's phase: its records (in slice order) and its wall-clock start and end (epoch ms). */
export interface SliceResult {
  readonly slice: LoadSlice;
  readonly records: readonly RequestRecord[];
  readonly startedAtMs: number;
  /** Epoch ms of the slice's last completion (its start when nothing completed). */
  readonly endedAtMs: number;
  readonly gaps: { readonly total: number; readonly coalesced: number };
}

/**
 * Merges the slices of one phase into the single-process result: every raw per-request sample in
 * prompt order (so percentiles come from all samples, never averages of percentiles), the duration
 * from the earliest start to the latest end, the gap counts summed.
 *
 * @example const phase = mergeSliceResults([first, second], 25); // phase.records: all 25 requests in prompt order
 */
export function mergeSliceResults(results: readonly SliceResult[], count: number): PhaseResult {
  const records = new Array<RequestRecord>(count);
  let total = 0;
  let coalesced = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const r of results) {
    r.records.forEach((rec, i) => {
      records[r.slice.start + i] = rec;
    });
    total += r.gaps.total;
    coalesced += r.gaps.coalesced;
    first = Math.min(first, r.startedAtMs);
    last = Math.max(last, r.endedAtMs);
  }
  for (let i = 0; i < count; i++) {
    records[i] ??= { success: false, error: 'not sent (client process ended early)', ttft: 0, itl: [], latency: 0, outputTokens: 0, text: '' };
  }
  return { records, duration: last > first ? (last - first) / 1000 : 0, gaps: { total, coalesced } };
}
