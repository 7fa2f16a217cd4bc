import { compareCodeUnits } from '@srt/core';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { findResultFiles } from '../orchestrator/find-result-files.ts';
import type { BenchmarkVerdict, ResultPoint } from './job-status.ts';

/** sa-bench's per-concurrency result file: `isl_<isl>_osl_<osl>_concurrency_<c>_req_rate_<r>.json`. */
const RESULT_FILE = /^isl_\d+_osl_\d+_concurrency_(\d+)_req_rate_[^/]+\.json$/;

export interface CollectedResults {
  readonly results: readonly ResultPoint[];
  readonly verdict: BenchmarkVerdict | undefined;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Parsed result points by path and modification time, so a refresh re-reads only new or changed files. */
export type ResultCache = Map<string, { readonly mtimeMs: number; readonly point: ResultPoint | undefined }>;

function readPoint(file: string, concurrency: number): ResultPoint | undefined {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return {
      concurrency: num(json['max_concurrency']) || concurrency,
      completed: num(json['completed']),
      failed: num(json['failed']),
      total_output_tokens: num(json['total_output_tokens']),
      output_throughput: num(json['output_throughput']),
      request_throughput: num(json['request_throughput']),
      file,
    };
  } catch {
    return undefined; // being written, or not ours
  }
}

/**
 * The benchmark points finished so far under a job's log directory (sorted by concurrency), and
 * the rollup's verdict when sa-bench wrote one (`benchmark-rollup.json`).
 */
export function collectResults(logDir: string, cache: ResultCache = new Map()): CollectedResults {
  const results: ResultPoint[] = [];
  let verdict: BenchmarkVerdict | undefined;
  for (const file of findResultFiles(logDir)) {
    const name = basename(file);
    if (name === 'benchmark-rollup.json') {
      try {
        const rollup = JSON.parse(readFileSync(file, 'utf8')) as { valid?: unknown; reason?: unknown };
        if (typeof rollup.valid === 'boolean') verdict = { valid: rollup.valid, reason: typeof rollup.reason === 'string' ? rollup.reason : '' };
      } catch {
        // half-written: the next refresh reads it
      }
      continue;
    }
    const m = RESULT_FILE.exec(name);
    if (m === null) continue;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      continue;
    }
    let entry = cache.get(file);
    if (entry?.mtimeMs !== mtimeMs) {
      entry = { mtimeMs, point: readPoint(file, Number(m[1])) };
      cache.set(file, entry);
    }
    if (entry.point !== undefined) results.push(entry.point);
  }
  results.sort((a, b) => a.concurrency - b.concurrency || compareCodeUnits(a.file, b.file));
  return { results, verdict };
}
