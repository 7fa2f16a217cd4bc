import { writeOutputFile } from '@srt/core';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readReportRuns } from './read-report-runs.ts';
import { renderReport } from './render-report.ts';
import type { ReportRun } from './types.ts';

export interface WriteReportOptions {
  /** HTML file to write. */
  readonly out: string;
  readonly title?: string;
  /** Shown in the page (`YYYY-mm-dd HH:MM:SS`). */
  readonly generatedAt?: string;
}

export interface WrittenReport {
  readonly runs: readonly ReportRun[];
  /** The terminal table. */
  readonly table: string;
  /** Path of the HTML file written. */
  readonly out: string;
}

/**
 * Reads the sa-bench results under job output or result directories and writes the
 * self-contained HTML report; returns the runs and the terminal table (the edge around
 * `readReportRuns` + `renderReport`, shared by `srtctl report` and local runs).
 *
 * @example
 * const { table, out } = await writeReport(['outputs/12345'], { out: 'outputs/12345/report.html' });
 */
export async function writeReport(paths: readonly string[], opts: WriteReportOptions): Promise<WrittenReport> {
  const runs = await readReportRuns(paths);
  const { table, html } = renderReport(runs, {
    ...(opts.title === undefined ? {} : { title: opts.title }),
    ...(opts.generatedAt === undefined ? {} : { generatedAt: opts.generatedAt }),
  });
  await mkdir(dirname(opts.out), { recursive: true });
  await writeOutputFile(opts.out, html);
  return { runs, table, out: opts.out };
}
