import type { Env } from '@srt/core';

/** Where a command writes. `isTTY` lets progress lines update in place on a terminal. */
export interface Output {
  write(text: string): void;
  readonly isTTY?: boolean;
  readonly columns?: number;
  /**
   * From now on a reader that went away (EPIPE) does not end the process: later writes are
   * dropped. The in-job orchestrator calls it: its stdout is the batch script's `tee`, which exits
   * when the outputs' disk is full, and the run must still clean up and write its last lines.
   */
  readonly survivesBrokenPipe?: () => void;
}

/** Everything a command gets: the injected environment, its outputs, and a cancel signal. */
export interface CommandContext {
  readonly env: Env;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Aborted on SIGINT/SIGTERM (by bin.ts) or by a test. */
  readonly signal: AbortSignal;
  /** Reads one line of input (interactive mode); undefined at end of input. */
  readonly prompt?: (question: string) => Promise<string | undefined>;
  /** Reads all of standard input (`-f -`); absent when the caller has none. */
  readonly readStdin?: () => Promise<string>;
}

/**
 * A subcommand module (`commands/<name>.ts`) default-exports one of these. It parses its
 * own flags from `argv` (the words after the subcommand), calls the library, renders, and
 * returns the exit status: 0 ok, 1 SrtError, 2 usage. It never calls `process.exit`.
 */
export type CommandHandler = (argv: readonly string[], ctx: CommandContext) => Promise<number>;
