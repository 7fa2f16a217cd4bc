import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildProcessSrunCommand } from '@srt/backends/plan';
import type { PlannedProcess, RuntimeContext } from '@srt/core';
import type { ExitStatus, Executor, ProcessHandle } from './executor.ts';
import { killOnExit } from './kill-on-exit.ts';

export interface SlurmExecutorOptions {
  readonly runtime: RuntimeContext;
  /** Environment srun inherits (it carries SLURM_JOB_ID and the rest into the step). */
  readonly vars: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/**
 * Runs each planned process as an `srun --overlap` step of the current job. srun answers a
 * SIGTERM by killing every process of its step with SIGKILL, so terminating the srun stops the
 * step at once. A process with a pid file (nginx) is sent SIGTERM itself first, so that it can
 * stop its children (srun's SIGKILL can reach an nginx worker before its master, which then
 * respawns it); the srun step ends when it exits, and `kill` falls back to terminating srun.
 *
 * @example const executor = createSlurmExecutor({ runtime, vars: process.env, cwd: process.cwd() });
 */
export function createSlurmExecutor(opts: SlurmExecutorOptions): Executor {
  return {
    kind: 'slurm',
    start: (planned) => startSrun(planned, opts),
    command: (planned) => buildProcessSrunCommand(planned, opts.runtime),
  };
}

function startSrun(planned: PlannedProcess, opts: SlurmExecutorOptions): ProcessHandle {
  // Slurm 22.05 fails a step at once when the folder of its --output file is missing.
  mkdirSync(dirname(planned.logFile), { recursive: true });
  const [cmd = 'srun', ...args] = buildProcessSrunCommand(planned, opts.runtime);
  // srun's own messages (step creation errors, "task 0: Exited with exit code 3") go to the end of
  // the process's log, so the failure report's log tail shows them; the task output comes via --output.
  const fd = openSync(planned.logFile, 'a');
  let child;
  try {
    child = spawn(cmd, args, { cwd: opts.cwd, env: { ...opts.vars }, stdio: ['ignore', 'ignore', fd], detached: false });
  } finally {
    closeSync(fd);
  }
  const untrack = killOnExit(child.pid ?? 0);
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('error', (e) => (untrack(), resolve({ code: 127, signal: null, error: e.message })));
    child.once('exit', (code, signal) => (untrack(), resolve({ code, signal })));
  });
  const send = (sig: NodeJS.Signals): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  };
  let srunTerminated = false;
  const terminateSrun = (): void => {
    srunTerminated = true;
    send('SIGTERM');
  };
  return {
    pid: child.pid ?? 0,
    exited,
    terminate: () => {
      const own = planned.pidFile === undefined ? undefined : ownPid(planned.pidFile);
      if (own === undefined || !signal(own, 'SIGTERM')) terminateSrun();
    },
    kill: () => (srunTerminated ? send('SIGKILL') : terminateSrun()),
  };
}

/**
 * The pid in `pidFile` when it is a live process on this node whose command line names that
 * file (so a stale file, a reused pid or a process on another node is never signalled).
 */
export function ownPid(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
    if (!(pid > 1)) return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(pidFile) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}
