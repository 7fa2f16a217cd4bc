import { setTimeout as delay } from 'node:timers/promises';
import type { PlannedProcess } from '@srt/core';
import { exitCodeOf, type ExitStatus, type ProcessHandle } from './executor.ts';
import type { Log } from './log.ts';

/** A critical process that died while the run was going: what the failure report prints. */
export interface ProcessFailure {
  readonly name: string;
  readonly node: string;
  readonly logFile: string;
  /** Exit code, or minus the signal number (the reference's convention). */
  readonly exitCode: number;
  readonly status: ExitStatus;
}

/** One registered process and, once it ended, how. */
export interface RegisteredProcess {
  readonly process: PlannedProcess;
  readonly handle: ProcessHandle;
  readonly status: ExitStatus | undefined;
}

export interface ProcessRegistry {
  /** Watch a started process; a second process with the same name replaces the first (with a warning). */
  add(process: PlannedProcess, handle: ProcessHandle): void;
  get(name: string): RegisteredProcess | undefined;
  /** In registration order. */
  all(): readonly RegisteredProcess[];
  readonly size: number;
  /** Critical processes that died (non-zero or by a signal) before cleanup began, in the order they died. */
  failures(): readonly ProcessFailure[];
  /**
   * Stop everything still running: SIGTERM to all at once in reverse start order, wait up to the
   * grace period for all together, then SIGKILL what is left (quirk O5). Idempotent.
   */
  cleanup(): Promise<void>;
}

export interface ProcessRegistryOptions {
  readonly log: Log;
  /** Called once per recorded failure, as soon as the process ends (no polling). */
  readonly onFailure?: (failure: ProcessFailure) => void;
  /** Called for every process that ends (`duringCleanup`: after cleanup began), before `onFailure`. */
  readonly onExit?: (process: PlannedProcess, status: ExitStatus, duringCleanup: boolean) => void;
  /** How long processes get between SIGTERM and SIGKILL (default 10 s). */
  readonly graceMs?: number;
  /** How long to wait for processes after SIGKILL (default 5 s). */
  readonly killWaitMs?: number;
}

interface Entry {
  readonly process: PlannedProcess;
  readonly handle: ProcessHandle;
  status: ExitStatus | undefined;
}

/**
 * Watches every process of a run (orchestrator.md §3). A critical process that dies is
 * reported through `onFailure` the moment it ends, so the run can stop at once.
 */
export function createProcessRegistry(opts: ProcessRegistryOptions): ProcessRegistry {
  const { log } = opts;
  const entries = new Map<string, Entry>();
  const failures: ProcessFailure[] = [];
  let stopping = false;
  let cleaning: Promise<void> | undefined;

  const onExit = (entry: Entry, status: ExitStatus): void => {
    entry.status = status;
    if (entries.get(entry.process.name) === entry) opts.onExit?.(entry.process, status, stopping);
    const code = exitCodeOf(status);
    if (stopping || !entry.process.critical || code === 0 || entries.get(entry.process.name) !== entry) {
      log.debug(`Process ${entry.process.name} exited with code ${code}`);
      return;
    }
    const failure: ProcessFailure = {
      name: entry.process.name,
      node: entry.process.node,
      logFile: entry.process.logFile,
      exitCode: code,
      status,
    };
    failures.push(failure);
    log.error(`Critical process '${failure.name}' exited with code ${code}${status.error ? ` (${status.error})` : ''}`);
    opts.onFailure?.(failure);
  };

  const cleanup = async (): Promise<void> => {
    stopping = true;
    const running = [...entries.values()].filter((e) => e.status === undefined).reverse();
    log.info(`Cleaning up ${running.length} processes...`);
    for (const entry of running) {
      log.debug(`Terminating process: ${entry.process.name}`);
      try {
        entry.handle.terminate();
      } catch (e) {
        log.warn(`Failed to terminate ${entry.process.name}: ${(e as Error).message}`);
      }
    }
    await waitAll(running, opts.graceMs ?? 10_000);
    const stuck = running.filter((e) => e.status === undefined);
    for (const entry of stuck) {
      log.warn(`Process ${entry.process.name} did not terminate, killing...`);
      try {
        entry.handle.kill();
      } catch (e) {
        log.warn(`Failed to kill ${entry.process.name}: ${(e as Error).message}`);
      }
    }
    if (stuck.length > 0) await waitAll(stuck, opts.killWaitMs ?? 5_000);
  };

  return {
    add(process, handle) {
      if (entries.has(process.name)) log.warn(`Replacing existing process '${process.name}' in registry`);
      const entry: Entry = { process, handle, status: undefined };
      entries.set(process.name, entry);
      log.debug(`Registered process: ${process.name} (pid=${handle.pid})`);
      void handle.exited.then((status) => onExit(entry, status));
    },
    get: (name) => snapshot(entries.get(name)),
    all: () => [...entries.values()].map((e) => snapshot(e) as RegisteredProcess),
    get size() {
      return entries.size;
    },
    failures: () => [...failures],
    cleanup() {
      cleaning ??= cleanup();
      return cleaning;
    },
  };
}

function snapshot(entry: Entry | undefined): RegisteredProcess | undefined {
  return entry && { process: entry.process, handle: entry.handle, status: entry.status };
}

/** Resolves when every entry has ended or `ms` passed, whichever comes first. */
async function waitAll(entries: readonly Entry[], ms: number): Promise<void> {
  if (entries.length === 0) return;
  const timer = new AbortController();
  await Promise.race([
    Promise.all(entries.map((e) => e.handle.exited)),
    delay(ms, undefined, { signal: timer.signal }).catch(() => undefined),
  ]);
  timer.abort();
}
