import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildProcessSrunCommand } from '@srt/backends';
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
 * Runs each planned process as an `srun --overlap` step of the current job. srun forwards
 * SIGTERM to the step's tasks, so terminating the srun stops the step.
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
  return { pid: child.pid ?? 0, exited, terminate: () => send('SIGTERM'), kill: () => send('SIGKILL') };
}
