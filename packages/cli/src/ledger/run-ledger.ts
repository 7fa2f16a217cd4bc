import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PlannedProcess, writeOutputFileSync } from '@srt/core';
import type { ExitStatus } from '../orchestrator/executor.ts';
import { collectResults, type ResultCache } from './collect-results.ts';
import {
  CANCEL_FILE,
  type CancelRecord,
  type HealthSample,
  type JobOutcome,
  type JobPhase,
  type JobStatus,
  type ProcessStatus,
  STATUS_FILE,
  STATUS_VERSION,
} from './job-status.ts';

/**
 * What the orchestrator tells the ledger, one call per transition. Every call rewrites
 * `status.json` atomically; none throws (a ledger that cannot be written never fails a run).
 */
export interface RunLedger {
  phase(phase: JobPhase): void;
  processStarted(process: PlannedProcess, pid: number): void;
  processReady(name: string): void;
  /** `stopped`: it ended during cleanup (stopped by the orchestrator), not on its own. */
  processExited(name: string, status: ExitStatus, stopped: boolean): void;
  health(sample: Omit<HealthSample, 'at'>): void;
  endpoint(url: string): void;
  /** Re-reads the benchmark result files finished so far. */
  refreshResults(): void;
  /** The run was asked to stop by a signal; `srtctl cancel`'s record wins when there is one. */
  cancelled(detail: string): void;
  finish(outcome: Omit<JobOutcome, 'at'>): void;
  /** The ledger as last written. */
  snapshot(): JobStatus;
}

export interface StatusLedgerOptions {
  readonly jobId: string;
  readonly jobName: string;
  readonly executor: 'slurm' | 'local';
  readonly outputDir: string;
  readonly logDir: string;
  readonly orchestratorLog?: string;
  readonly serveOnly?: boolean;
  readonly now: () => number;
  /** Called when status.json cannot be written (once per distinct message), with the error (`SRT_OUTPUT_FAILED`). */
  readonly onError?: (message: string, error: unknown) => void;
}

/** Keep the health history bounded: the first samples and the most recent ones tell the story. */
const MAX_HEALTH_SAMPLES = 200;

/** A ledger that records nothing (tests, and callers that do not want status.json). */
export const NO_LEDGER: RunLedger = {
  phase: () => {},
  processStarted: () => {},
  processReady: () => {},
  processExited: () => {},
  health: () => {},
  endpoint: () => {},
  refreshResults: () => {},
  cancelled: () => {},
  finish: () => {},
  snapshot: () => {
    throw new Error('NO_LEDGER has no snapshot');
  },
};

/**
 * Reads `cancel.json` (written by `srtctl cancel`) when there is one.
 *
 * @example readCancelRecord('/out/42') // after srtctl cancel 42 → { at: '2026-12-02T08:15:00Z', by: 'user', detail: '' }
 */
export function readCancelRecord(outputDir: string): CancelRecord | undefined {
  try {
    const json = JSON.parse(readFileSync(join(outputDir, CANCEL_FILE), 'utf8')) as Partial<CancelRecord>;
    return typeof json.at === 'string' ? { at: json.at, by: json.by ?? 'user', detail: json.detail ?? '' } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The ledger of one run, written to `<outputDir>/status.json`.
 *
 * @example
 * const ledger = createStatusLedger({ jobId, jobName: config.name, executor: 'slurm', outputDir, logDir, now: env.now });
 * await runPlan(plan, { executor, env, log, ledger });
 */
export function createStatusLedger(opts: StatusLedgerOptions): RunLedger {
  const path = join(opts.outputDir, STATUS_FILE);
  const iso = (): string => new Date(opts.now()).toISOString();
  const started = iso();
  const cache: ResultCache = new Map();
  let status: JobStatus = {
    version: STATUS_VERSION,
    job_id: opts.jobId,
    job_name: opts.jobName,
    executor: opts.executor,
    output_dir: opts.outputDir,
    log_dir: opts.logDir,
    ...(opts.orchestratorLog === undefined ? {} : { orchestrator_log: opts.orchestratorLog }),
    phase: 'starting',
    phases: [{ phase: 'starting', at: started }],
    started_at: started,
    updated_at: started,
    processes: [],
    health: [],
    ...(opts.serveOnly ? { serve_only: true } : {}),
    results: [],
  };
  const errors = new Set<string>();
  const write = (): void => {
    try {
      // whole or not at all (a temporary file, renamed; removed when the write fails)
      writeOutputFileSync(path, `${JSON.stringify(status, null, 2)}\n`);
    } catch (e) {
      const message = `cannot write ${path}: ${(e as Error).message}`;
      if (!errors.has(message)) opts.onError?.(message, e);
      errors.add(message);
    }
  };
  const update = (change: (s: JobStatus) => JobStatus): void => {
    status = { ...change(status), updated_at: iso() };
    write();
  };
  const updateProcess = (name: string, change: (p: ProcessStatus) => ProcessStatus): void =>
    update((s) => ({ ...s, processes: s.processes.map((p) => (p.name === name ? change(p) : p)) }));
  write();

  return {
    phase: (phase) =>
      update((s) => (s.phase === phase ? s : { ...s, phase, phases: [...s.phases, { phase, at: iso() }] })),
    processStarted: (p, pid) =>
      update((s) => ({
        ...s,
        processes: [
          ...s.processes.filter((q) => q.name !== p.name),
          {
            name: p.name,
            role: p.role,
            ...(p.mode === undefined ? {} : { mode: p.mode }),
            ...(p.index === undefined ? {} : { index: p.index }),
            node: p.node,
            log: p.logFile,
            critical: p.critical,
            state: 'starting',
            pid,
            started_at: iso(),
          },
        ],
      })),
    processReady: (name) => updateProcess(name, (p) => (p.state === 'starting' ? { ...p, state: 'ready', ready_at: iso() } : p)),
    processExited: (name, st, stopped) =>
      updateProcess(name, (p) => ({
        ...p,
        state: stopped ? 'stopped' : 'exited',
        ended_at: iso(),
        exit_code: st.code,
        signal: st.signal,
        ...(st.error === undefined ? {} : { error: st.error }),
      })),
    health: (sample) =>
      update((s) => {
        const health = [...s.health, { at: iso(), ...sample }];
        return { ...s, health: health.length > MAX_HEALTH_SAMPLES ? [...health.slice(0, 20), ...health.slice(-(MAX_HEALTH_SAMPLES - 20))] : health };
      }),
    endpoint: (url) => update((s) => ({ ...s, endpoint: url })),
    refreshResults: () => {
      const { results, verdict } = collectResults(opts.logDir, cache);
      update((s) => ({ ...s, results, ...(verdict === undefined ? {} : { benchmark: verdict }) }));
    },
    cancelled: (detail) =>
      update((s) => (s.cancel !== undefined ? s : { ...s, cancel: readCancelRecord(opts.outputDir) ?? { at: iso(), by: 'signal', detail } })),
    finish: (outcome) => {
      const at = iso();
      const { results, verdict } = collectResults(opts.logDir, cache);
      const cancel = status.cancel ?? (outcome.result === 'cancelled' ? readCancelRecord(opts.outputDir) : undefined);
      update((s) => ({
        ...s,
        phase: 'ended',
        phases: [...s.phases, { phase: 'ended', at }],
        ended_at: at,
        results,
        ...(verdict === undefined ? {} : { benchmark: verdict }),
        ...(cancel === undefined ? {} : { cancel }),
        outcome: { ...outcome, at },
      }));
    },
    snapshot: () => status,
  };
}
