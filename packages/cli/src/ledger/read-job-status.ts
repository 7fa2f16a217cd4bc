import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCancelRecord } from './run-ledger.ts';
import { type JobStatus, STATUS_FILE } from './job-status.ts';

/**
 * A job's ledger as the commands read it: status.json, with `srtctl cancel`'s record merged in
 * when the orchestrator did not copy it (killed before it could). Undefined when there is no
 * status.json (the job has not started, or ran with an older srtctl).
 *
 * @example readJobStatus('/out/42')?.phase // → 'benchmark' (undefined before the job starts)
 */
export function readJobStatus(outputDir: string): JobStatus | undefined {
  let status: JobStatus;
  try {
    status = JSON.parse(readFileSync(join(outputDir, STATUS_FILE), 'utf8')) as JobStatus;
  } catch {
    return undefined;
  }
  // An ended ledger already copied the record when there was one: no need to look for it.
  if (status.cancel !== undefined || status.outcome !== undefined) return status;
  const cancel = readCancelRecord(outputDir);
  return cancel === undefined ? status : { ...status, cancel };
}
