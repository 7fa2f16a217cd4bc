import { copyFile, mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from '@srt/core';

/** Folders under `logs/` holding the files of an earlier run of a requeued job. */
export const REQUEUED_RUN_DIR = /^requeued_run_\d+$/;

/** What to do with `logs/` when Slurm requeued the job: where the previous run's files go and the marker line. */
export interface RequeuePlan {
  /** `requeued_run_<n>`: the previous run (run n of the job, 1-based). */
  readonly archive: string;
  /** Entries of `logs/` to move there. */
  readonly move: readonly string[];
  readonly marker: string;
}

/** The run number of `SLURM_RESTART_COUNT` (`undefined`/`0` → run 1); undefined when it is not a count. */
function restarts(restartCount: string | undefined): number | undefined {
  const n = Number(restartCount ?? '0');
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * The pure part of requeue handling at the start of a run: with `SLURM_RESTART_COUNT` = N > 0,
 * this is run N + 1 of the job. Run N moved its own files to `logs/requeued_run_<N>/` when it
 * saw the requeue (`archiveRequeuedRun`); whatever of it is still in `logs/` (a run killed
 * without that chance, e.g. on a node failure) moves there now, except `keep` (the files this run
 * already has open: Slurm's output file and the batch script's `tee` of the orchestrator log,
 * both truncated at the restart) and earlier archives, so two runs' results never mix.
 * Undefined when the job was not requeued.
 */
export function planRequeue(restartCount: string | undefined, entries: readonly string[], keep: readonly string[]): RequeuePlan | undefined {
  const n = restarts(restartCount);
  if (n === undefined || n === 0) return undefined;
  const archive = `requeued_run_${n}`;
  const move = entries.filter((e) => !keep.includes(e) && !REQUEUED_RUN_DIR.test(e)).sort();
  return {
    archive,
    move,
    marker: `===== Slurm requeued this job (SLURM_RESTART_COUNT=${n}): run ${n + 1} starts in a clean logs/; run ${n}'s files are in logs/${archive}/ =====`,
  };
}

async function moveEntries(logDir: string, archive: string, entries: readonly string[]): Promise<void> {
  const target = join(logDir, archive);
  await mkdir(target, { recursive: true });
  for (const e of entries) await rename(join(logDir, e), join(target, e));
}

async function entriesOf(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/**
 * Applies `planRequeue` to a log directory; returns the marker line (undefined when not requeued).
 *
 * @example const marker = await archivePreviousRun('/out/42/logs', env.vars['SLURM_RESTART_COUNT'], ['sweep_42.log', 'orchestrator_42.log'])
 */
export async function archivePreviousRun(logDir: string, restartCount: string | undefined, keep: readonly string[]): Promise<string | undefined> {
  const plan = planRequeue(restartCount, await entriesOf(logDir), keep);
  if (plan === undefined) return undefined;
  await moveEntries(logDir, plan.archive, plan.move);
  return plan.marker;
}

/**
 * `Restarts=N` of `scontrol show job -o` (how often Slurm requeued the job so far); undefined when absent.
 *
 * @example parseRestarts('JobId=42 JobName=x … Restarts=1 BatchFlag=1 …') // → 1
 */
export function parseRestarts(scontrolLine: string): number | undefined {
  const m = /(?:^|\s)Restarts=(\d+)(?:\s|$)/.exec(scontrolLine);
  return m ? Number(m[1]) : undefined;
}

export interface ArchiveRequeuedRunOptions {
  readonly env: Pick<Env, 'exec' | 'cwd'>;
  readonly jobId: string;
  readonly logDir: string;
  /** Where status.json is: a copy goes into the archive (the next run writes its own). */
  readonly outputDir: string;
  /** This run's `SLURM_RESTART_COUNT`. */
  readonly restartCount: string | undefined;
  /** Entries of `logs/` that stay: Slurm's output file (it is this job's, whichever run). */
  readonly keep: readonly string[];
}

/**
 * At the end of a cancelled Slurm run: when Slurm counts more restarts of the job than this run's
 * `SLURM_RESTART_COUNT`, the SIGTERM was `scontrol requeue` (or a requeue after a node failure).
 * The run then moves its own files (logs, results, the orchestrator log, which the batch
 * script's `tee` keeps writing to wherever it is) to `logs/requeued_run_<run>/` and copies
 * status.json there, before the next run's `tee` would truncate the orchestrator log. Returns the
 * line to log (undefined when the job was not requeued).
 *
 * @example const line = await archiveRequeuedRun({ env, jobId: '42', logDir, outputDir, restartCount: undefined, keep: ['sweep_42.log'] })
 */
export async function archiveRequeuedRun(o: ArchiveRequeuedRunOptions): Promise<string | undefined> {
  const own = restarts(o.restartCount);
  if (own === undefined) return undefined;
  const shown = await o.env.exec(['scontrol', 'show', 'job', '-o', o.jobId], { cwd: o.env.cwd, timeoutMs: 10_000 }).catch(() => undefined);
  const now = shown?.exitCode === 0 ? parseRestarts(shown.stdout) : undefined;
  if (now === undefined || now <= own) return undefined;
  const archive = `requeued_run_${own + 1}`;
  const move = (await entriesOf(o.logDir)).filter((e) => !o.keep.includes(e) && !REQUEUED_RUN_DIR.test(e)).sort();
  await moveEntries(o.logDir, archive, move);
  await copyFile(join(o.outputDir, 'status.json'), join(o.logDir, archive, 'status.json')).catch(() => undefined);
  return `Slurm requeued this job (Restarts=${now}): the SIGTERM was the requeue, not a cancel; run ${own + 1}'s files (and a copy of its status.json) are in logs/${archive}/, run ${own + 2} starts in a clean logs/`;
}
