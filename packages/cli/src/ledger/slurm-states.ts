import type { Env } from '@srt/core';

/** SLURM job states after which a job runs no more. */
export const FINAL_SLURM_STATES: ReadonlySet<string> = new Set([
  'COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE', 'SPECIAL_EXIT', 'REVOKED',
]);

/** `scontrol show job -o` output (one job per line) → job id → state. */
export function parseScontrolJobs(text: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const line of text.split('\n')) {
    const id = /(?:^|\s)JobId=(\S+)/.exec(line)?.[1];
    const state = /(?:^|\s)JobState=(\S+)/.exec(line)?.[1];
    if (id !== undefined && state !== undefined) states.set(id, state);
  }
  return states;
}

/** `sacct -n -X -P -o JobID,State` output → job id → state (`CANCELLED by 0` → `CANCELLED`). */
export function parseSacct(text: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [id, state] = line.split('|');
    if (id !== undefined && id !== '' && state !== undefined && state !== '') states.set(id.trim(), state.trim().split(/\s+/)[0]!);
  }
  return states;
}

/**
 * The SLURM state of each job id asked for: one `scontrol show job -o` for every job the
 * controller still knows, then one `sacct` call for the others when accounting is there. Jobs
 * SLURM does not know (local runs, purged jobs, no SLURM here) are absent from the map.
 */
export async function querySlurmStates(env: Pick<Env, 'exec' | 'cwd'>, ids: readonly string[]): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  // `1234.2` is the second `srtctl run -f` inside allocation 1234: it has the allocation's state.
  const allocationOf = (id: string): string => id.replace(/\.\d+$/, '');
  const wanted = [...new Set(ids.map(allocationOf))].filter((id) => /^\d+(_\d+)?$/.test(id));
  if (wanted.length === 0) return states;
  const run = (argv: readonly string[]): Promise<string | undefined> =>
    env.exec(argv, { cwd: env.cwd, timeoutMs: 10_000 }).then(
      (r) => (r.exitCode === 0 ? r.stdout : undefined),
      () => undefined,
    );
  const known = parseScontrolJobs((await run(['scontrol', 'show', 'job', '-o'])) ?? '');
  for (const id of wanted) {
    const state = known.get(id);
    if (state !== undefined) states.set(id, state);
  }
  const missing = wanted.filter((id) => !states.has(id));
  if (missing.length > 0) {
    const sacct = await run(['sacct', '-n', '-X', '-P', '-o', 'JobID,State', '-j', missing.join(',')]);
    if (sacct !== undefined) for (const [id, state] of parseSacct(sacct)) if (missing.includes(id)) states.set(id, state);
  }
  for (const id of ids) {
    const state = states.get(allocationOf(id));
    if (state !== undefined) states.set(id, state);
  }
  return states;
}
