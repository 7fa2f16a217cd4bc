import type { FoundJob } from './find-jobs.ts';
import type { JobStatus } from './job-status.ts';
import type { LedgerSummary } from './ledger-summary.ts';
import { FINAL_SLURM_STATES } from './slurm-states.ts';

/** One job as `srtctl status` shows it (and prints with --json, the whole ledger under `ledger`). */
export interface JobRow {
  readonly job_id: string;
  readonly job_name: string;
  readonly output_dir: string;
  /** SLURM's state; undefined for local runs and jobs SLURM no longer knows. */
  readonly slurm_state: string | null;
  readonly phase: string;
  /** `ready/expected` workers of the last health sample. */
  readonly health: { readonly ready: number; readonly expected: number; readonly failed: number } | null;
  readonly last_output_throughput: number | null;
  /** The ledger's outcome, `running`, `pending` (no ledger yet) or `lost` (SLURM ended it but the ledger never did). */
  readonly outcome: string;
  /** The rule that diagnosed a failed run. */
  readonly diagnosis_rule: string | null;
  /** The whole ledger (`status --json`); null in the table's listing and before the job started. */
  readonly ledger: JobStatus | null;
}

/** What a job's outcome is for the table: the ledger's when it ended, else what SLURM says. */
function outcomeOf(summary: LedgerSummary | undefined, slurmState: string | undefined): string {
  if (summary?.result !== undefined && summary.result !== null) return summary.result;
  if (slurmState !== undefined && FINAL_SLURM_STATES.has(slurmState)) return 'lost';
  return summary === undefined ? 'pending' : 'running';
}

/** Builds the row of a job from its ledger summary and SLURM state. Pure. */
export function jobRow(job: FoundJob, slurmState: string | undefined): JobRow {
  const s = job.summary;
  return {
    job_id: job.id,
    job_name: job.name,
    output_dir: job.dir,
    slurm_state: slurmState ?? null,
    phase: s?.phase ?? '-',
    health: s?.health ?? null,
    last_output_throughput: s?.last_output_throughput ?? null,
    outcome: outcomeOf(s, slurmState),
    diagnosis_rule: s?.diagnosis_rule ?? null,
    ledger: job.status ?? null,
  };
}

/** The table cells of a row: id, name, SLURM state, phase, health, tok/s, outcome. */
export function rowCells(r: JobRow): readonly string[] {
  const health = r.health === null ? '-' : `${r.health.ready}/${r.health.expected}${r.health.failed > 0 ? ` (${r.health.failed} failed)` : ''}`;
  const tput = r.last_output_throughput === null ? '-' : r.last_output_throughput.toFixed(1);
  const outcome = r.diagnosis_rule !== null && r.outcome !== 'succeeded' ? `${r.outcome}: ${r.diagnosis_rule}` : r.outcome;
  return [r.job_id, r.job_name, r.slurm_state ?? '-', r.phase, health, tput, outcome];
}

export const ROW_COLUMNS = ['JOB', 'NAME', 'SLURM', 'PHASE', 'HEALTH', 'TOK/S', 'OUTCOME'] as const;
