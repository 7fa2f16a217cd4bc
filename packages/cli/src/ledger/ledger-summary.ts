import { failedProcesses } from '../diagnose/diagnose.ts';
import type { JobStatus } from './job-status.ts';

/**
 * What `srtctl status` shows of a ledger, besides SLURM's state: a few hundred bytes of a
 * status.json that is often tens of kilobytes (health history, processes, results).
 */
export interface LedgerSummary {
  readonly job_id: string;
  readonly job_name: string;
  readonly executor: string;
  readonly phase: string;
  /** Workers ready/expected in the last health sample, and processes that failed. */
  readonly health: { readonly ready: number; readonly expected: number; readonly failed: number } | null;
  readonly last_output_throughput: number | null;
  /** The outcome's result once the job ended (`succeeded`, `failed`, …). */
  readonly result: string | null;
  /** The diagnosis rule of a failed run. */
  readonly diagnosis_rule: string | null;
}

/**
 * The summary of one ledger. Pure.
 *
 * @example ledgerSummary(readJobStatus('/out/42')!).phase // → 'benchmark'
 */
export function ledgerSummary(s: JobStatus): LedgerSummary {
  const last = s.health.at(-1);
  return {
    job_id: s.job_id,
    job_name: s.job_name,
    executor: s.executor,
    phase: s.phase,
    health:
      last === undefined
        ? null
        : { ready: last.prefill_ready + last.decode_ready, expected: last.prefill_expected + last.decode_expected, failed: failedProcesses(s).length },
    last_output_throughput: s.results.at(-1)?.output_throughput ?? null,
    result: s.outcome?.result ?? null,
    diagnosis_rule: s.outcome?.diagnosis?.rule ?? null,
  };
}
