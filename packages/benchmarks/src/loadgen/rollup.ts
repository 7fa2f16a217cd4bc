import type { TimestampSource } from './connection-io.ts';
import type { SaRun } from './run-sa-bench.ts';

/** One row of the rollup: the headline numbers of one concurrency. */
export interface SaRollupRow {
  readonly concurrency: number;
  readonly file: string | null;
  readonly num_prompts: number;
  readonly completed: number;
  readonly failed: number;
  readonly duration_s: number;
  readonly request_throughput: number;
  readonly output_throughput: number;
  readonly total_token_throughput: number;
  readonly median_ttft_ms: number;
  readonly p99_ttft_ms: number;
  readonly median_tpot_ms: number;
  readonly p99_tpot_ms: number;
  readonly median_itl_ms: number;
  readonly p99_itl_ms: number;
  readonly median_e2el_ms: number;
  readonly p99_e2el_ms: number;
  readonly client_overloaded: boolean;
  readonly client_cpu_pct: number;
  readonly client_loop_delay_p99_ms: number;
  readonly client_read_delay_p99_ms: number;
  /** Where token times came from: `kernel` (receive time) or `node` (read time). */
  readonly client_timestamps: TimestampSource;
  readonly valid: boolean;
  readonly reason: string;
}

/** `benchmark-rollup.json`: every concurrency of a run and the verdict of the validity gate. */
export interface SaRollup {
  readonly valid: boolean;
  /** Why the benchmark failed (empty when valid). */
  readonly reason: string;
  readonly model: string;
  readonly url: string;
  readonly isl: number;
  readonly osl: number;
  readonly req_rate: string;
  readonly concurrencies: readonly number[];
  readonly client_overloaded: boolean;
  readonly runs: readonly SaRollupRow[];
  /** SLO search: the largest load meeting the SLO (null: none did; details in slo-search.json). */
  readonly slo_answer?: number | null;
}

export interface RollupInput {
  readonly runs: readonly SaRun[];
  readonly model: string;
  readonly url: string;
  readonly isl: number;
  readonly osl: number;
  readonly reqRate: string;
  readonly concurrencies: readonly number[];
  /** A failure that happened outside the measured runs (the initial test request). */
  readonly failure?: string;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Builds the rollup; it is invalid when any run failed the gate, a run is missing, or `failure` is set. */
export function buildRollup(input: RollupInput): SaRollup {
  const rows = input.runs.map((run): SaRollupRow => {
    const m = run.metrics;
    return {
      concurrency: run.concurrency, file: run.file ?? null, num_prompts: run.numPrompts, completed: m.completed, failed: m.failed,
      duration_s: r3(run.duration), request_throughput: r3(m.requestThroughput), output_throughput: r3(m.outputThroughput),
      total_token_throughput: r3(m.totalTokenThroughput), median_ttft_ms: r3(m.ttftMs.median), p99_ttft_ms: r3(m.ttftMs.p99),
      median_tpot_ms: r3(m.tpotMs.median), p99_tpot_ms: r3(m.tpotMs.p99), median_itl_ms: r3(m.itlMs.median),
      p99_itl_ms: r3(m.itlMs.p99), median_e2el_ms: r3(m.e2elMs.median), p99_e2el_ms: r3(m.e2elMs.p99),
      client_overloaded: run.client.overloaded, client_cpu_pct: run.client.cpuPct, client_loop_delay_p99_ms: run.client.loopDelayP99Ms,
      client_read_delay_p99_ms: run.client.readDelayP99Ms, client_timestamps: run.client.timestamps, valid: run.validity.valid, reason: run.validity.valid ? '' : run.validity.reason,
    };
  });
  const bad = rows.find((r) => !r.valid);
  const missing = input.concurrencies.filter((c) => !rows.some((r) => r.concurrency === c));
  const reason = input.failure
    ? input.failure
    : bad
      ? `concurrency ${bad.concurrency}: ${bad.reason}`
      : missing.length > 0
        ? `no results for concurrency ${missing.join(', ')}`
        : '';
  return {
    valid: reason === '', reason, model: input.model, url: input.url, isl: input.isl, osl: input.osl, req_rate: input.reqRate,
    concurrencies: input.concurrencies, client_overloaded: rows.some((r) => r.client_overloaded), runs: rows,
  };
}

/** The rollup as CSV: one header line and one line per concurrency. */
export function renderRollupCsv(rollup: SaRollup): string {
  const first = rollup.runs[0];
  const keys = first ? (Object.keys(first) as (keyof SaRollupRow)[]) : (['concurrency', 'valid', 'reason'] as const);
  const cell = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [keys.join(','), ...rollup.runs.map((r) => keys.map((k) => cell(r[k])).join(','))];
  return `${lines.join('\n')}\n`;
}
