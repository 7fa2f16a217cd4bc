import { constants } from 'node:os';
import type { PlannedProcess } from '@srt/core';

/** How a started process ended: its exit code, or the signal that killed it, or why it never ran. */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (spawn error). */
  readonly error?: string;
}

/** A running process as the orchestrator sees it, whatever started it. */
export interface ProcessHandle {
  /** OS pid of the process the executor spawned (`srun`, or the local `bash`); 0 if the spawn failed. */
  readonly pid: number;
  /** Settles once, when the process has ended. Never rejects. */
  readonly exited: Promise<ExitStatus>;
  /** Ask the process to stop (SIGTERM). Safe to call after it ended. */
  terminate(): void;
  /** Force it to stop (SIGKILL). Safe to call after it ended. */
  kill(): void;
}

/** Starts the processes of a launch plan somewhere: srun steps on SLURM nodes, or children on this machine. */
export interface Executor {
  readonly kind: 'slurm' | 'local';
  start(process: PlannedProcess): ProcessHandle;
  /** The exact command `start` runs for a process (srun argv, or `bash -c …`), for the debug log. */
  command(process: PlannedProcess): readonly string[];
}

/** Exit code of a status the way the reference reports it: the code, or minus the signal number. */
export function exitCodeOf(status: ExitStatus): number {
  if (status.code !== null) return status.code;
  if (status.signal !== null) return -(constants.signals[status.signal] ?? 1);
  return 1;
}
