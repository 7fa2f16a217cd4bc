import type { ClientHealth } from './client-monitor.ts';
import type { RequestRecord, SaMetrics } from './metrics.ts';
import type { SaRequest } from './prompts.ts';
import type { LatencyStats } from './stats.ts';

/** The metric names of the result files, in their order. */
export const RESULT_METRICS = ['ttft', 'tpot', 'itl', 'e2el'] as const;

/** A per-concurrency result file: the keys and key order of sa-bench's `--save-result` JSON. */
export type SaResultJson = Readonly<Record<string, unknown>>;

export interface ResultJsonInput {
  readonly date: Date;
  readonly backend: string;
  readonly model: string;
  readonly numPrompts: number;
  readonly requestRate: number;
  readonly maxConcurrency: number;
  readonly duration: number;
  readonly metrics: SaMetrics;
  readonly requests: readonly SaRequest[];
  readonly records: readonly RequestRecord[];
  readonly client: ClientHealth;
}

/**
 * Builds the result object. Our additions (`failed`, `client_*`) sit where sa-bench puts
 * `--metadata` keys, so scripts that read the reference's files keep working.
 */
export function buildResultJson(input: ResultJsonInput): SaResultJson {
  const m = input.metrics;
  const out: Record<string, unknown> = {
    date: formatResultDate(input.date),
    backend: input.backend,
    model_id: input.model,
    tokenizer_id: null,
    best_of: 1,
    num_prompts: input.numPrompts,
    failed: m.failed,
    client_timestamps: input.client.timestamps,
    client_overloaded: input.client.overloaded,
    client_overload_reasons: input.client.reasons,
    client_warnings: input.client.warnings,
    client_cpu_pct: input.client.cpuPct,
    client_loop_busy_pct: input.client.loopBusyPct,
    client_loop_delay_p99_ms: input.client.loopDelayP99Ms,
    client_loop_delay_max_ms: input.client.loopDelayMaxMs,
    client_read_delay_p99_ms: input.client.readDelayP99Ms,
    client_coalesced_pct: input.client.coalescedPct,
    request_rate: Number.isFinite(input.requestRate) ? input.requestRate : 'inf',
    burstiness: 1.0,
    max_concurrency: input.maxConcurrency,
    duration: input.duration,
    completed: m.completed,
    total_input_tokens: m.totalInputTokens,
    total_output_tokens: m.totalOutputTokens,
    request_throughput: m.requestThroughput,
    'request_goodput:': null,
    output_throughput: m.outputThroughput,
    total_token_throughput: m.totalTokenThroughput,
    input_lens: input.requests.map((r) => r.promptLen),
    output_lens: input.records.map((r) => (r.success ? r.outputTokens : 0)),
    ttfts: input.records.map((r) => r.ttft),
    itls: input.records.map((r) => r.itl),
    generated_texts: input.records.map((r) => r.text),
    errors: input.records.map((r) => r.error),
  };
  const stats: Readonly<Record<(typeof RESULT_METRICS)[number], LatencyStats>> = {
    ttft: m.ttftMs,
    tpot: m.tpotMs,
    itl: m.itlMs,
    e2el: m.e2elMs,
  };
  for (const name of RESULT_METRICS) {
    const s = stats[name];
    out[`mean_${name}_ms`] = s.mean;
    out[`median_${name}_ms`] = s.median;
    out[`std_${name}_ms`] = s.std;
    out[`p90_${name}_ms`] = s.p90;
    out[`p95_${name}_ms`] = s.p95;
    out[`p99_${name}_ms`] = s.p99;
  }
  return out;
}

/** `isl_<isl>_osl_<osl>_concurrency_<c>_req_rate_<rate>.json` (rate as given: `inf`, `10`, `2.5`). */
export function resultFileName(isl: number, osl: number, concurrency: number, reqRate: string): string {
  return `isl_${isl}_osl_${osl}_concurrency_${concurrency}_req_rate_${reqRate}.json`;
}

/** `<dir>/sa-bench_isl_<isl>_osl_<osl>`: where the orchestrator puts sa-bench results. */
export function saBenchResultDir(logDir: string, isl: number, osl: number): string {
  return `${logDir}/sa-bench_isl_${isl}_osl_${osl}`;
}

/** `YYYYmmdd-HHMMSS` in local time, as sa-bench's `date` key. */
export function formatResultDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
