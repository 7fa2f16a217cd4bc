import type { Env, RuntimeContext } from '@srt/core';
import { diagnose } from '../diagnose/diagnose.ts';
import { gatherDiagnosisInput } from '../diagnose/gather-input.ts';
import { renderDiagnosis } from '../diagnose/render-diagnosis.ts';
import { DIAGNOSIS_RULES } from '../diagnose/rules/index.ts';
import type { DiagnosisRecord } from '../ledger/job-status.ts';
import { createStatusLedger, type RunLedger } from '../ledger/run-ledger.ts';
import { querySlurmStates } from '../ledger/slurm-states.ts';
import type { Log } from './log.ts';
import type { RunResult } from './run-plan.ts';

export interface RecordRunOptions {
  readonly runtime: RuntimeContext;
  readonly jobName: string;
  readonly executor: 'slurm' | 'local';
  /** The file the orchestrator's log lines end up in (evidence for the diagnosis). */
  readonly orchestratorLog: string;
  readonly env: Pick<Env, 'now' | 'exec' | 'cwd'>;
  readonly log: Log;
  readonly serveOnly?: boolean;
  /** Also told of every status.json write that failed (the run's `DiskReserve` notes a full disk). */
  readonly onWriteError?: (error: unknown) => void;
}

/** What `runPlan` takes to keep status.json and diagnose a failed run at its end. */
export interface RunRecording {
  readonly ledger: RunLedger;
  readonly onEnded: (result: RunResult) => Promise<DiagnosisRecord | undefined>;
}

/**
 * The job ledger of a run (`<outputDir>/status.json`) and its end-of-run diagnosis: on a failed
 * run the rules classify the first cause, the diagnosis is logged (cause, evidence as
 * file:line, next step) and recorded in the ledger's outcome.
 *
 * @example
 * const recording = recordRun({ runtime, jobName: config.name, executor: 'slurm', orchestratorLog, env, log });
 * await runPlan(plan, { executor, env, log, ...recording });
 */
export function recordRun(opts: RecordRunOptions): RunRecording {
  const { runtime, log } = opts;
  const ledger = createStatusLedger({
    jobId: runtime.jobId,
    jobName: opts.jobName,
    executor: opts.executor,
    outputDir: runtime.outputDir,
    logDir: runtime.logDir,
    orchestratorLog: opts.orchestratorLog,
    now: opts.env.now,
    ...(opts.serveOnly ? { serveOnly: true } : {}),
    onError: (message, error) => {
      log.warn(`Job ledger: ${message}`);
      opts.onWriteError?.(error);
    },
  });
  const onEnded = async (result: RunResult): Promise<DiagnosisRecord | undefined> => {
    const slurmState = opts.executor === 'slurm' ? (await querySlurmStates(opts.env, [runtime.jobId])).get(runtime.jobId) : undefined;
    const snapshot = ledger.snapshot();
    const status = { ...snapshot, outcome: { result: result.outcome, exit_code: result.exitCode, summary: result.summary, at: new Date(opts.env.now()).toISOString() } };
    const d = diagnose(gatherDiagnosisInput(status, { slurmState }), DIAGNOSIS_RULES);
    for (const line of renderDiagnosis(d, opts.env.cwd)) log.error(line);
    return { rule: d.rule, cause: d.cause, evidence: d.evidence, next: d.next };
  };
  return { ledger, onEnded };
}
