import { existsSync, readdirSync, readFileSync, type Stats, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { compareCodeUnits, type Env, loadClusterConfig, resolveOutputBase, SrtError } from '@srt/core';
import { type JobStatus, STATUS_FILE } from './job-status.ts';
import { type LedgerSummary, ledgerSummary } from './ledger-summary.ts';
import { readJobStatus } from './read-job-status.ts';
import { openSummaryCache } from './summary-cache.ts';

/** A job found on disk: its output directory, and its ledger when the orchestrator started. */
export interface FoundJob {
  readonly id: string;
  readonly dir: string;
  readonly name: string;
  /** The ledger; undefined before the job started, and when a listing asked for summaries only. */
  readonly status: JobStatus | undefined;
  /** What `srtctl status` shows of the ledger; undefined when there is no ledger. */
  readonly summary: LedgerSummary | undefined;
}

/**
 * The folders holding job directories: `<cwd>/outputs`, the cluster file's `output_dir` when it
 * sets one, and `-o DIR` (an outputs folder, or one job's folder's parent).
 *
 * @example jobRoots('/work', '/shared/runs') // ['/work/outputs', '/shared/runs']
 */
export function jobRoots(cwd: string, outputs: string | undefined, clusterOutputDir?: string): readonly string[] {
  const roots = [join(cwd, 'outputs')];
  if (clusterOutputDir !== undefined) roots.push(clusterOutputDir);
  if (outputs !== undefined) roots.push(resolve(cwd, outputs));
  return [...new Set(roots)];
}

/**
 * `jobRoots` for a ledger command (`status`, `logs`, `wait`, `cancel`, `diagnose`): reads the
 * cluster file of the working directory for its `output_dir`, where `apply` puts jobs by default.
 *
 * @example const roots = await ledgerRoots(ctx.env, args.values.outputs);
 */
export async function ledgerRoots(env: Pick<Env, 'vars' | 'cwd' | 'fileExists' | 'readFile' | 'fileSize'>, outputs: string | undefined): Promise<readonly string[]> {
  const base = resolveOutputBase(undefined, await loadClusterConfig(env), env);
  return jobRoots(env.cwd, outputs, base.from === 'cluster' ? base.path : undefined);
}

function jobName(dir: string, id: string, status: JobStatus | undefined): string {
  if (status !== undefined) return status.job_name;
  try {
    const meta = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as { job_name?: unknown };
    return typeof meta.job_name === 'string' ? meta.job_name : '';
  } catch {
    return '';
  }
}

/** A job directory has status.json, or the `<id>.json` metadata `apply` writes at submission. */
function isJobDir(dir: string, id: string): boolean {
  return existsSync(join(dir, 'status.json')) || existsSync(join(dir, `${id}.json`));
}

function load(dir: string): FoundJob {
  const status = readJobStatus(dir);
  const id = status?.job_id ?? basename(dir);
  return { id, dir, name: jobName(dir, id, status), status, summary: status === undefined ? undefined : ledgerSummary(status) };
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Every job under the roots, newest job id first (numeric ids by value, then the rest by name).
 * With `summariesOnly` (the `srtctl status` table) an ended job's summary comes from the
 * outputs folder's summary cache when its status.json is unchanged, and `status` is then
 * undefined: 1,000 ended jobs cost 1,000 `stat`s and one small file, not 1,000 ledgers.
 */
export function listJobs(roots: readonly string[], opts: { readonly summariesOnly?: boolean } = {}): FoundJob[] {
  const jobs: FoundJob[] = [];
  for (const root of roots) {
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    const cache = opts.summariesOnly === true ? openSummaryCache(root) : undefined;
    for (const id of names) {
      if (id.startsWith('.')) continue; // the summary cache, editor and temporary files
      const dir = join(root, id);
      const stat = cache === undefined ? undefined : statOrUndefined(join(dir, STATUS_FILE));
      const cached = stat === undefined ? undefined : cache?.get(id, stat);
      if (cached !== undefined) {
        jobs.push({ id: cached.job_id, dir, name: cached.job_name, status: undefined, summary: cached });
        continue;
      }
      // Reading the ledger is the existence check of the common case.
      const status = readJobStatus(dir);
      if (status !== undefined) {
        const summary = ledgerSummary(status);
        if (stat !== undefined && status.outcome !== undefined) cache?.set(id, stat, summary);
        jobs.push({ id: status.job_id, dir, name: status.job_name, status, summary });
      } else if (isJobDir(dir, id)) jobs.push(load(dir));
    }
    cache?.save();
  }
  return jobs.sort((a, b) => {
    const na = /^\d+$/.test(a.id) ? Number(a.id) : NaN;
    const nb = /^\d+$/.test(b.id) ? Number(b.id) : NaN;
    if (!Number.isNaN(na) && !Number.isNaN(nb)) return nb - na;
    if (!Number.isNaN(na) !== !Number.isNaN(nb)) return Number.isNaN(na) ? 1 : -1;
    return compareCodeUnits(b.id, a.id);
  });
}

/**
 * One job named by its id (a folder under a root) or by the path of its output directory.
 * Fails with `SRT_JOB_NOT_FOUND` naming where it looked.
 */
export function findJob(ref: string, cwd: string, roots: readonly string[]): FoundJob {
  const asPath = resolve(cwd, ref);
  if (existsSync(asPath) && statSync(asPath).isDirectory() && isJobDir(asPath, basename(asPath))) return load(asPath);
  for (const root of roots) {
    const dir = join(root, ref);
    if (existsSync(dir) && isJobDir(dir, ref)) return load(dir);
  }
  throw new SrtError('SRT_JOB_NOT_FOUND', `No job ${JSON.stringify(ref)} under ${roots.join(' or ')}: give a job id from \`srtctl status\`, a job output directory, or -o DIR for another outputs folder`);
}
