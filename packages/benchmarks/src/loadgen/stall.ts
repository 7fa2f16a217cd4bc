import type { RequestRecord } from './metrics.ts';
import type { PhaseStall } from './run-phase.ts';

/** The floor of the automatic stall bound: a server that says nothing this long is frozen, not slow. */
export const STALL_FLOOR_MS = 30_000;

/** What the run has seen so far, for the automatic bound (milliseconds). */
export interface ObservedLatency {
  readonly itlP99Ms: number;
  readonly ttftMaxMs: number;
}

export const NOTHING_OBSERVED: ObservedLatency = { itlP99Ms: 0, ttftMaxMs: 0 };

/**
 * How long a request may hear nothing before it counts as stalled: `configuredS` when given,
 * else max(30 s, 20 × the p99 ITL seen so far, 3 × the slowest TTFT seen so far).
 */
export function stallBoundMs(configuredS: number | undefined, seen: ObservedLatency): number {
  if (configuredS !== undefined) return configuredS * 1000;
  return Math.max(STALL_FLOOR_MS, 20 * seen.itlP99Ms, 3 * seen.ttftMaxMs);
}

/** `seen` widened by the successful records of one more phase (their p99 ITL and slowest TTFT). */
export function observeLatency(seen: ObservedLatency, records: readonly RequestRecord[]): ObservedLatency {
  const itls: number[] = [];
  let ttftMaxMs = seen.ttftMaxMs;
  for (const r of records) {
    if (!r.success) continue;
    ttftMaxMs = Math.max(ttftMaxMs, r.ttft * 1000);
    for (const x of r.itl) itls.push(x * 1000);
  }
  if (itls.length === 0) return { itlP99Ms: seen.itlP99Ms, ttftMaxMs };
  itls.sort((a, b) => a - b);
  const p99 = itls[Math.min(itls.length - 1, Math.ceil(0.99 * itls.length) - 1)] as number;
  return { itlP99Ms: Math.max(seen.itlP99Ms, p99), ttftMaxMs };
}

/** One line naming the stall: where the requests went, which streams stopped and how far they got. */
export function describeStall(stall: PhaseStall, url: string, phase: string): string {
  const shown = stall.streams.slice(0, 8).map((s) => (s.tokens > 0 ? `request ${s.request} after ${s.tokens} tokens` : `request ${s.request} before its first token`));
  const more = stall.streams.length > shown.length ? `, and ${stall.streams.length - shown.length} more` : '';
  return `tokens stopped arriving (${phase}): ${stall.streams.length} of ${stall.inflight} streams to ${url} heard nothing for ${(stall.stallMs / 1000).toFixed(1)} s (${shown.join(', ')}${more}); ` +
    'the frontend or a worker behind it is frozen or dead: check their /health and logs, or raise benchmark.stall_timeout_seconds if the server is this slow by design';
}
