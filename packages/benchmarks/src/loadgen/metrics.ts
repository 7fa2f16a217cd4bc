import type { SaRequest } from './prompts.ts';
import { summarize, type LatencyStats } from './stats.ts';

/** What the client recorded for one request (seconds, as in the result files). */
export interface RequestRecord {
  readonly success: boolean;
  readonly error: string;
  /** Seconds; 0 for failures. */
  readonly ttft: number;
  readonly itl: readonly number[];
  /** End-to-end seconds: last chunk − send. */
  readonly latency: number;
  /** Output tokens: `usage.completion_tokens` when the server sent it, else counted from the chunks. */
  readonly outputTokens: number;
  readonly text: string;
}

/** sa-bench's `calculate_metrics` (benchmarks.md §3.5); latency stats in milliseconds. */
export interface SaMetrics {
  readonly completed: number;
  readonly failed: number;
  readonly totalInputTokens: number;
  readonly totalOutputTokens: number;
  readonly requestThroughput: number;
  readonly outputThroughput: number;
  readonly totalTokenThroughput: number;
  readonly ttftMs: LatencyStats;
  readonly tpotMs: LatencyStats;
  readonly itlMs: LatencyStats;
  readonly e2elMs: LatencyStats;
}

/** Computes the metrics of one run from its requests, their records and its duration (seconds). */
export function calculateMetrics(requests: readonly SaRequest[], records: readonly RequestRecord[], duration: number): SaMetrics {
  let completed = 0;
  let totalInput = 0;
  let totalOutput = 0;
  const ttfts: number[] = [];
  const tpots: number[] = [];
  const itls: number[] = [];
  const e2els: number[] = [];
  records.forEach((r, i) => {
    if (!r.success) return;
    const outLen = r.outputTokens;
    totalInput += requests[i]?.promptLen ?? 0;
    totalOutput += outLen;
    if (outLen > 1) tpots.push(((r.latency - r.ttft) / (outLen - 1)) * 1000);
    for (const gap of r.itl) itls.push(gap * 1000);
    ttfts.push(r.ttft * 1000);
    e2els.push(r.latency * 1000);
    completed++;
  });
  return {
    completed,
    failed: records.length - completed,
    totalInputTokens: totalInput,
    totalOutputTokens: totalOutput,
    requestThroughput: duration > 0 ? completed / duration : 0,
    outputThroughput: duration > 0 ? totalOutput / duration : 0,
    totalTokenThroughput: duration > 0 ? (totalInput + totalOutput) / duration : 0,
    ttftMs: summarize(ttfts),
    tpotMs: summarize(tpots),
    itlMs: summarize(itls),
    e2elMs: summarize(e2els),
  };
}
