import { expect } from 'vitest';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** A live process: pid and command line. */
export interface LiveProcess {
  readonly pid: number;
  readonly cmdline: string;
}

function isZombie(pid: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/**
 * Live processes whose working directory is `dir` or below it. Every process a run starts
 * (locally, or as an srun step on any node of the test cluster, which share this machine's
 * process table) runs in the job's directory, so this finds whatever a run left behind.
 */
export function processesUnder(dir: string): LiveProcess[] {
  const found: LiveProcess[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if ((cwd === dir || cwd.startsWith(`${dir}/`)) && !isZombie(pid)) {
        found.push({ pid: Number(pid), cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() });
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** Polls until `check` holds or `ms` pass; returns whether it held. */
export async function eventually(check: () => boolean | Promise<boolean>, ms: number, everyMs = 100): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Live processes of SLURM job `jobId` on any node (the nodes share this machine's process
 * table): those whose environment holds `SLURM_JOB_ID=<jobId>`. Unlike `processesUnder`, this
 * also finds processes in a container, whose working directory is a container path.
 */
export function processesOfJob(jobId: string): LiveProcess[] {
  const found: LiveProcess[] = [];
  const marker = `\0SLURM_JOB_ID=${jobId}\0`;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      if (!`\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`.includes(marker) || isZombie(pid)) continue;
      found.push({ pid: Number(pid), cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** Nothing a run in `dir` started may outlive it: waits up to `ms` for its processes to end, then expects none. */
export async function expectNothingLeftUnder(dir: string, ms = 3000): Promise<void> {
  await eventually(() => processesUnder(dir).length === 0, ms);
  expect(processesUnder(dir)).toStrictEqual([]);
}
