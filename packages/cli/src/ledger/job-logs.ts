import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SrtError } from '@srt/core';
import { shortProcessName } from '../diagnose/diagnose.ts';
import type { FoundJob } from './find-jobs.ts';

/** The orchestrator's log of a job: the ledger's, else `orchestrator_<id>.log`, else the batch log `sweep_<id>.log`. */
export function orchestratorLogOf(job: FoundJob): string {
  if (job.status?.orchestrator_log !== undefined) return job.status.orchestrator_log;
  const logs = job.status?.log_dir ?? join(job.dir, 'logs');
  const own = join(logs, `orchestrator_${job.id}.log`);
  return existsSync(own) ? own : join(logs, `sweep_${job.id}.log`);
}


/**
 * The log of one process of a job, by its full name (`decode_1_gpu-03`) or its short name
 * (`decode_1`, `frontend_0`: the leader, the first node of that process). Fails with
 * `SRT_JOB_NOT_FOUND` listing the job's processes.
 */
export function processLogOf(job: FoundJob, name: string): string {
  const processes = job.status?.processes ?? [];
  const found = processes.find((p) => p.name === name) ?? processes.find((p) => shortProcessName(p) === name);
  if (found !== undefined) return found.log;
  const names = [...new Set(processes.map((p) => shortProcessName(p)))];
  throw new SrtError(
    'SRT_JOB_NOT_FOUND',
    names.length === 0
      ? `Job ${job.id} has no process ${JSON.stringify(name)}: its ledger lists no process yet (not started, or no status.json)`
      : `Job ${job.id} has no process ${JSON.stringify(name)}: use one of ${names.join(', ')}`,
  );
}
