import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildBashWrapper } from '@srt/backends/plan';
import type { PlannedProcess } from '@srt/core';
import type { ExitStatus, Executor, ProcessHandle } from './executor.ts';
import { guardGroup } from './group-guard.ts';
import { killOnExit } from './kill-on-exit.ts';

export interface LocalExecutorOptions {
  /** Environment the children inherit (the plan's exports come on top). */
  readonly vars: Readonly<Record<string, string | undefined>>;
  /** Working directory of every child. */
  readonly cwd: string;
}

/**
 * The `bash -c` text of a local child: `<preamble> && export … && exec <argv>`. `exec` makes the
 * program itself the process the orchestrator watches, so its exit code is the process's.
 */
export function buildLocalCommand(process: PlannedProcess): string {
  return buildBashWrapper({ preamble: process.preamble, env: process.env, unset: process.unsetEnv, exportsFirst: process.exportsFirst, argv: ['exec', ...process.argv] });
}

/**
 * Runs each planned process as a child of this machine: `bash -c '<wrapper>'` in its own process
 * group (so stopping it stops everything it started), stdout and stderr appended to its log file.
 * No srun, no container. Node addresses of the plan must be local (`127.0.0.<11+i>`).
 *
 * @example const executor = createLocalExecutor({ vars: process.env, cwd: process.cwd() });
 */
export function createLocalExecutor(opts: LocalExecutorOptions): Executor {
  return {
    kind: 'local',
    start: (planned) => startLocal(planned, opts),
    command: (planned) => ['bash', '-c', buildLocalCommand(planned)],
  };
}

function startLocal(planned: PlannedProcess, opts: LocalExecutorOptions): ProcessHandle {
  mkdirSync(dirname(planned.logFile), { recursive: true });
  const fd = openSync(planned.logFile, 'a');
  let child;
  try {
    child = spawn('bash', ['-c', buildLocalCommand(planned)], {
      cwd: opts.cwd,
      env: { ...opts.vars },
      stdio: ['ignore', fd, fd],
      detached: true,
    });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid ?? 0;
  const signalGroup = (sig: NodeJS.Signals): void => {
    if (pid === 0) return;
    try {
      process.kill(-pid, sig);
    } catch {
      // ESRCH: the whole group is gone already.
    }
  };
  const untrack = killOnExit(-pid);
  // killOnExit needs this process to run its exit handler; the guard covers SIGKILL too.
  const unguard = guardGroup(pid);
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('error', (e) => (untrack(), unguard(), resolve({ code: 127, signal: null, error: e.message })));
    child.once('exit', (code, signal) => {
      // Whatever the program left behind in its group goes with it: no orphan outlives its process.
      signalGroup('SIGKILL');
      untrack();
      unguard();
      resolve({ code, signal });
    });
  });
  return {
    pid,
    exited,
    // A stopped (SIGSTOP, frozen) process handles SIGTERM only once it runs again.
    terminate: () => (signalGroup('SIGTERM'), signalGroup('SIGCONT')),
    kill: () => signalGroup('SIGKILL'),
  };
}
