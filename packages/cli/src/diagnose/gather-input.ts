import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { JobStatus } from '../ledger/job-status.ts';
import type { DiagnosisInput, LogSource } from './diagnose.ts';
import { readLogLines } from './read-log-lines.ts';

/**
 * Reads what a diagnosis needs from disk: every process log named in the ledger, the
 * orchestrator's log and the batch log (`sweep_<id>.log`, where slurmstepd writes "CANCELLED AT").
 *
 * @example const d = diagnose(gatherDiagnosisInput(status, { slurmState: 'TIMEOUT' }), DIAGNOSIS_RULES);
 */
export function gatherDiagnosisInput(status: JobStatus, opts: { readonly slurmState?: string | undefined; readonly statusFile?: string } = {}): DiagnosisInput {
  const logs: LogSource[] = [];
  const seen = new Set<string>();
  const add = (file: string, source: Omit<LogSource, 'file' | 'lines' | 'firstLine'>): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const read = readLogLines(file);
    if (read !== undefined) logs.push({ file, ...source, lines: read.lines, firstLine: read.first });
  };
  for (const process of status.processes) add(process.log, { kind: 'process', process });
  if (status.orchestrator_log !== undefined) add(status.orchestrator_log, { kind: 'orchestrator' });
  const batch = join(status.log_dir, `sweep_${status.job_id}.log`);
  if (existsSync(batch)) add(batch, { kind: 'orchestrator' });
  return {
    status,
    logs,
    ...(opts.slurmState === undefined ? {} : { slurmState: opts.slurmState }),
    statusFile: opts.statusFile ?? join(status.output_dir, 'status.json'),
  };
}
