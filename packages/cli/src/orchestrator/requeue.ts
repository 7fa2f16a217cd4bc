import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

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

/**
 * The pure part of requeue handling: with `SLURM_RESTART_COUNT` = N > 0, this is run N + 1 of the
 * job; every entry of `logs/` from before (except the Slurm output file, which Slurm keeps
 * appending to, and earlier archives) moves to `logs/requeued_run_<N>/`, so two runs' results
 * never mix. Undefined when the job was not requeued.
 */
export function planRequeue(restartCount: string | undefined, entries: readonly string[], keep: readonly string[]): RequeuePlan | undefined {
  const n = Number(restartCount ?? '0');
  if (!Number.isInteger(n) || n <= 0) return undefined;
  const archive = `requeued_run_${n}`;
  const move = entries.filter((e) => !keep.includes(e) && !REQUEUED_RUN_DIR.test(e)).sort();
  return {
    archive,
    move,
    marker: `===== Slurm requeued this job (SLURM_RESTART_COUNT=${n}): run ${n + 1} starts; the ${move.length} files and folders of run ${n} are in logs/${archive}/ =====`,
  };
}

/** Applies `planRequeue` to a log directory; returns the marker line (undefined when not requeued). */
export async function archivePreviousRun(logDir: string, restartCount: string | undefined, keep: readonly string[]): Promise<string | undefined> {
  let entries: string[];
  try {
    entries = await readdir(logDir);
  } catch {
    entries = [];
  }
  const plan = planRequeue(restartCount, entries, keep);
  if (plan === undefined) return undefined;
  const target = join(logDir, plan.archive);
  await mkdir(target, { recursive: true });
  for (const e of plan.move) await rename(join(logDir, e), join(target, e));
  return plan.marker;
}
