import type { CancelRecord, JobOutcomeKind, JobPhase } from '../ledger/job-status.ts';

/**
 * One diagnosis rule, kept as data (one file per rule under `rules/`): what it matches and what
 * it says. A rule matches when every condition it states holds; the matching rule with the
 * lowest `priority` is the diagnosis. Texts may use `{process}`, `{name}` (its short name, `decode_1`), `{node}`, `{exit}`, `{phase}`,
 * `{health}`, `{match}` (the matched log line) and `{log}` (the file it is in).
 */
export interface DiagnosisRule {
  readonly id: string;
  /** Lower wins: a specific cause (out of memory) beats the generic one (a worker crashed). */
  readonly priority: number;
  /** One line naming the cause. */
  readonly cause: string;
  /** What to do next. */
  readonly next: string;
  /** Conditions on the ledger; each one given must hold. */
  readonly when?: {
    readonly outcomes?: readonly JobOutcomeKind[];
    /** The phase the run was in when it stopped (the last one before cleanup). */
    readonly phases?: readonly JobPhase[];
    /** Who stopped the run (`srtctl cancel`'s record, the signal, the SLURM state). */
    readonly cancelledBy?: readonly CancelRecord['by'][];
    /** SLURM job states (`TIMEOUT`, `CANCELLED`, …), when known. */
    readonly slurmStates?: readonly string[];
    /** `incomplete`: the health wait never saw every expected worker registered. */
    readonly readiness?: 'incomplete';
    /** The benchmark finished a point with no output token, or its verdict says no token was generated. */
    readonly zeroTokens?: boolean;
  };
  /**
   * A process that ended on its own, not stopped by cleanup, with a non-zero code or a signal
   * (the first one to end is the subject).
   */
  readonly process?: {
    readonly roles?: readonly string[];
    readonly exitCodes?: readonly number[];
    readonly signals?: readonly string[];
  };
  /** Log lines (JavaScript regular expressions, case-insensitive). */
  readonly logs?: {
    readonly patterns: readonly string[];
    /** Which logs: the processes' own, the orchestrator's (and the batch log), or both. Default `any`. */
    readonly in?: 'process' | 'orchestrator' | 'any';
    /** Only the logs of processes with these roles. */
    readonly roles?: readonly string[];
  };
  /**
   * A condition that holds when any of its alternatives does (e.g. a `cancel.json` record, or a
   * SLURM state, or a slurmstepd line). Each alternative is checked like the rule itself.
   */
  readonly anyOf?: readonly Pick<DiagnosisRule, 'when' | 'logs'>[];
  /** Lines shown around the matched line (default 2). */
  readonly context?: number;
}
