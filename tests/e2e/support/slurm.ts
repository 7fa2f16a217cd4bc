import { spawnSync } from 'node:child_process';

/** `scontrol show job -o ID` as a map of its fields (`JobState`, `ExitCode`, `NodeList`, …). */
export function showJob(jobId: string): Readonly<Record<string, string>> {
  const r = spawnSync('scontrol', ['show', 'job', '-o', jobId], { encoding: 'utf8', timeout: 10_000 });
  const fields: Record<string, string> = {};
  for (const m of r.stdout.matchAll(/(\w+)=(\S*)/g)) fields[m[1]!] ??= m[2]!;
  return fields;
}

const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE']);

/** Polls until the job reaches a final state (or `ms` pass) and returns its fields. */
export async function waitForJobEnd(jobId: string, ms: number): Promise<Readonly<Record<string, string>>> {
  const end = Date.now() + ms;
  for (;;) {
    const job = showJob(jobId);
    if (FINAL.has(job['JobState'] ?? '') || Date.now() > end) return job;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `scancel ID`. */
export function scancel(jobId: string): void {
  spawnSync('scancel', [jobId], { timeout: 10_000 });
}
