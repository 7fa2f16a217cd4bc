/**
 * `outputs/<job_id>/status.json`: the job ledger. The orchestrator rewrites it atomically at every
 * transition; `srtctl status`, `logs`, `wait`, `cancel` and `diagnose` read it and nothing else
 * of the run's state. Field names are snake_case (it is a file format, like `<job_id>.json`).
 */

/** The file name inside a job's output directory. */
export const STATUS_FILE = 'status.json';
/** Written by `srtctl cancel` next to status.json (the orchestrator copies it into the ledger). */
export const CANCEL_FILE = 'cancel.json';
export const STATUS_VERSION = 1;

/** Where the run is, in order. `ended` once the orchestrator finished (outcome set). */
export const JOB_PHASES = ['starting', 'head-services', 'model-download', 'workers', 'frontends', 'health', 'benchmark', 'serving', 'cleanup', 'ended'] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

/** A process's state: started, passed its readiness check, or ended (`exited`: on its own; `stopped`: by cleanup). */
export type ProcessState = 'starting' | 'ready' | 'exited' | 'stopped';

export interface ProcessStatus {
  readonly name: string;
  readonly role: string;
  readonly mode?: string;
  readonly index?: number;
  readonly node: string;
  /** Absolute path of its log file. */
  readonly log: string;
  readonly critical: boolean;
  readonly state: ProcessState;
  readonly pid: number;
  readonly started_at: string;
  readonly ready_at?: string;
  readonly ended_at?: string;
  readonly exit_code?: number | null;
  readonly signal?: string | null;
  /** Why it could not be started (spawn error). */
  readonly error?: string;
}

/** One sample of the health wait: registered workers against the expectation. */
export interface HealthSample {
  readonly at: string;
  readonly prefill_ready: number;
  readonly prefill_expected: number;
  readonly decode_ready: number;
  readonly decode_expected: number;
  /** The last answer (`HTTP 200`, `HTTP 503`, `no answer: …`). */
  readonly probe?: string;
}

/** One finished benchmark point (a per-concurrency result file). */
export interface ResultPoint {
  readonly concurrency: number;
  readonly completed: number;
  readonly failed: number;
  readonly total_output_tokens: number;
  readonly output_throughput: number;
  readonly request_throughput: number;
  readonly file: string;
}

/** The benchmark's verdict (sa-bench's rollup), when it wrote one. */
export interface BenchmarkVerdict {
  readonly valid: boolean;
  readonly reason: string;
}

/** A cancel request recorded by `srtctl cancel` (or the signal the orchestrator received). */
export interface CancelRecord {
  readonly at: string;
  /** `user`: srtctl cancel; `signal`: a SIGTERM/SIGINT of unknown origin; `time-limit`: SLURM's time limit. */
  readonly by: 'user' | 'signal' | 'time-limit';
  readonly detail: string;
}

/** The diagnosis of a failed run, as `srtctl diagnose` prints it. */
export interface DiagnosisRecord {
  readonly rule: string;
  readonly cause: string;
  readonly evidence: readonly { readonly file: string; readonly line: number; readonly text: string }[];
  readonly next: string;
}

export type JobOutcomeKind = 'succeeded' | 'benchmark-failed' | 'unhealthy' | 'process-failed' | 'cancelled' | 'error';

export interface JobOutcome {
  readonly result: JobOutcomeKind;
  readonly exit_code: number;
  readonly summary: string;
  readonly at: string;
  readonly diagnosis?: DiagnosisRecord;
}

export interface JobStatus {
  readonly version: typeof STATUS_VERSION;
  readonly job_id: string;
  readonly job_name: string;
  readonly executor: 'slurm' | 'local';
  readonly output_dir: string;
  readonly log_dir: string;
  readonly orchestrator_log?: string;
  readonly phase: JobPhase;
  readonly phases: readonly { readonly phase: JobPhase; readonly at: string }[];
  readonly started_at: string;
  readonly updated_at: string;
  readonly ended_at?: string;
  readonly processes: readonly ProcessStatus[];
  readonly health: readonly HealthSample[];
  /** Frontend URL, once serving (benchmark or manual/serve-only). */
  readonly endpoint?: string;
  readonly serve_only?: boolean;
  readonly results: readonly ResultPoint[];
  readonly benchmark?: BenchmarkVerdict;
  readonly cancel?: CancelRecord;
  readonly outcome?: JobOutcome;
}

/**
 * Ready/expected counts of the last health sample.
 *
 * @example lastHealth(status) // → { at: '2026-12-02T08:10:00Z', prefill_ready: 1, prefill_expected: 1, decode_ready: 1, decode_expected: 2, … }
 */
export function lastHealth(status: Pick<JobStatus, 'health'>): HealthSample | undefined {
  return status.health.at(-1);
}

/**
 * True once the orchestrator recorded how the run ended.
 *
 * @example if (hasEnded(status)) console.log(status.outcome?.result) // e.g. 'succeeded'
 */
export function hasEnded(status: Pick<JobStatus, 'outcome'>): boolean {
  return status.outcome !== undefined;
}

/**
 * "Completed with valid results": the run succeeded, produced at least one benchmark point with
 * tokens, and the benchmark's own verdict (when it wrote one) is valid.
 *
 * @example hasValidResults(readJobStatus('/out/42')!) // → true after a successful run with benchmark points
 */
export function hasValidResults(status: Pick<JobStatus, 'outcome' | 'results' | 'benchmark'>): boolean {
  return (
    status.outcome?.result === 'succeeded' &&
    status.outcome.exit_code === 0 &&
    status.benchmark?.valid !== false &&
    status.results.length > 0 &&
    status.results.every((r) => r.total_output_tokens > 0)
  );
}
