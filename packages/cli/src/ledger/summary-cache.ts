import { readFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { writeOutputFileSync } from '@srt/core';
import type { LedgerSummary } from './ledger-summary.ts';

/** Next to the job folders of an outputs folder (a dot file: never taken for a job). */
export const SUMMARY_CACHE_FILE = '.srtctl-status-cache.json';
const VERSION = 1;

interface Entry {
  readonly size: number;
  readonly mtime_ms: number;
  readonly summary: LedgerSummary;
}

/** The summaries of ended ledgers of one outputs folder, by job folder name. */
export interface SummaryCache {
  /** The cached summary when status.json still has the size and mtime it had. */
  get(name: string, stat: Stats): LedgerSummary | undefined;
  set(name: string, stat: Stats, summary: LedgerSummary): void;
  /** Writes the cache back (atomically, only when it changed; a read-only folder only costs speed). */
  save(): void;
}

/**
 * `srtctl status` over many jobs reads one small file instead of every status.json: an ended
 * ledger never changes again unless the job is requeued, which rewrites it (new mtime and
 * size). Running jobs are never cached. Entries of folders not seen in a listing are dropped.
 *
 * @example const cache = openSummaryCache('/work/outputs'); cache.get('42', statSync('/work/outputs/42/status.json'));
 */
export function openSummaryCache(root: string): SummaryCache {
  const path = join(root, SUMMARY_CACHE_FILE);
  let old: Record<string, Entry> = {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown; jobs?: Record<string, Entry> };
    if (parsed.version === VERSION && typeof parsed.jobs === 'object' && parsed.jobs !== null) old = parsed.jobs;
  } catch {
    // none yet, or unreadable: rebuilt from the ledgers
  }
  const next: Record<string, Entry> = {};
  let changed = false;
  const same = (e: Entry | undefined, stat: Stats): e is Entry => e !== undefined && e.size === stat.size && e.mtime_ms === stat.mtimeMs;
  return {
    get: (name, stat) => {
      const e = Object.hasOwn(old, name) ? old[name] : undefined;
      if (!same(e, stat)) return undefined;
      next[name] = e;
      return e.summary;
    },
    set: (name, stat, summary) => {
      next[name] = { size: stat.size, mtime_ms: stat.mtimeMs, summary };
      changed = true;
    },
    save: () => {
      if (!changed && Object.keys(next).length === Object.keys(old).length) return;
      try {
        writeOutputFileSync(path, JSON.stringify({ version: VERSION, jobs: next }));
      } catch {
        // a folder we may not write (another user's outputs): the next listing reads the ledgers again
      }
    },
  };
}
