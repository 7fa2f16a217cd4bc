import type { Env } from '@srt/core';
import type { FoundJob } from './find-jobs.ts';
import { hasValidResults } from './job-status.ts';
import { readJobStatus } from './read-job-status.ts';
import { FINAL_SLURM_STATES, querySlurmStates } from './slurm-states.ts';

/** A job once it ended: its last ledger, SLURM's state, and whether it counts as a success. */
export interface EndedJob {
  readonly job: FoundJob;
  readonly slurmState: string | undefined;
  /** The ledger's outcome; `lost` when SLURM ended the job and the ledger never recorded an end; `timeout` when the wait gave up. */
  readonly outcome: string;
  /** Completed with valid results (the only success). */
  readonly ok: boolean;
}

export interface WaitForJobsOptions {
  readonly env: Pick<Env, 'exec' | 'cwd' | 'now' | 'sleep'>;
  readonly signal?: AbortSignal;
  /** How often ledgers are re-read (default 1 s). */
  readonly pollMs?: number;
  /** How often SLURM is asked about jobs whose ledger has not ended (default 5 s). */
  readonly slurmEveryMs?: number;
  /** How long a job SLURM says ended may take to record its end in the ledger (default 15 s). */
  readonly lostGraceMs?: number;
  /** Give up after this long (default: never). */
  readonly timeoutMs?: number;
  /** Called once per job as it ends. */
  readonly onEnded?: (job: EndedJob) => void;
}

/**
 * Blocks until every job ended: its ledger recorded an outcome, or SLURM says it ended and the
 * ledger stayed silent for `lostGraceMs` (killed before it could write). Returns them in the
 * order given.
 */
export async function waitForJobs(jobs: readonly FoundJob[], opts: WaitForJobsOptions): Promise<EndedJob[]> {
  const { env } = opts;
  const start = env.now();
  const ended = new Map<string, EndedJob>();
  const finalSeen = new Map<string, number>();
  const states = new Map<string, string>();
  let lastSlurm = -Infinity;
  const end = (e: EndedJob): void => {
    ended.set(e.job.dir, e);
    opts.onEnded?.(e);
  };
  for (;;) {
    const open = jobs.filter((j) => !ended.has(j.dir)).map((j) => ({ ...j, status: readJobStatus(j.dir) }));
    const now = env.now();
    if (now - lastSlurm >= (opts.slurmEveryMs ?? 5000)) {
      const ask = open.filter((j) => j.status?.outcome === undefined && j.status?.executor !== 'local').map((j) => j.id);
      if (ask.length > 0) for (const [id, s] of await querySlurmStates(env, ask)) states.set(id, s);
      lastSlurm = now;
    }
    for (const job of open) {
      const slurmState = states.get(job.id);
      if (job.status?.outcome !== undefined) {
        end({ job, slurmState, outcome: job.status.outcome.result, ok: hasValidResults(job.status) });
        continue;
      }
      if (slurmState !== undefined && FINAL_SLURM_STATES.has(slurmState)) {
        const seen = finalSeen.get(job.dir) ?? now;
        finalSeen.set(job.dir, seen);
        if (now - seen >= (opts.lostGraceMs ?? 15_000)) end({ job, slurmState, outcome: 'lost', ok: false });
      }
    }
    if (ended.size === jobs.length) break;
    if (opts.signal?.aborted || (opts.timeoutMs !== undefined && env.now() - start >= opts.timeoutMs)) {
      for (const job of jobs.filter((j) => !ended.has(j.dir))) end({ job: { ...job, status: readJobStatus(job.dir) }, slurmState: states.get(job.id), outcome: opts.signal?.aborted ? 'interrupted' : 'timeout', ok: false });
      break;
    }
    await env.sleep(opts.pollMs ?? 1000, opts.signal).catch(() => undefined);
  }
  return jobs.map((j) => ended.get(j.dir)!);
}
