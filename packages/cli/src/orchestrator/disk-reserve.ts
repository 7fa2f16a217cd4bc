import { appendFileSync, openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import { isSrtError, writeOutputFile } from '@srt/core';
import type { Output } from '../context.ts';

/** The reserve file in the job's log folder. */
export const RESERVE_FILE = '.srtctl-reserve';
/** Its size: room for the last lines of the log and status.json once the disk is full. */
export const RESERVE_BYTES = 256 * 1024;
const PROBE_FILE = '.srtctl-probe';
const PROBE_BYTES = 4096;

/** What a full disk stopped: the first write that failed for lack of space, as `SRT_OUTPUT_FAILED` says it. */
export interface FullDisk {
  /** `Could not write <file>: the disk is full; …` */
  readonly message: string;
  /** The file it could not write, when the message names one. */
  readonly file?: string;
}

function fullDisk(e: unknown): FullDisk {
  const message = isSrtError(e) || e instanceof Error ? e.message : String(e);
  const file = /^Could not write (.+?): /.exec(message)?.[1];
  return file === undefined ? { message } : { message, file };
}

/**
 * The run's space reserve (issue 10): a file of `RESERVE_BYTES` the orchestrator writes into its
 * log folder at start. When the outputs' disk fills up, nothing can be written there, not even
 * the log that would say so; at the end of the run the orchestrator notices (a write of its own
 * failed with ENOSPC/EDQUOT, or a small test write fails), deletes the reserve, and writes its
 * last lines and status.json in the space it frees.
 */
export interface DiskReserve {
  /** Remembers the first failed write that ran out of space (any other error is ignored). */
  noteWriteError(error: unknown): void;
  /** The first out-of-space write noted, else a 4 KiB test write in the log folder now; undefined when there is room. */
  findFull(): Promise<FullDisk | undefined>;
  /** Deletes the reserve to write the last lines (again: nothing); afterwards `tracked` outputs make sure the log gets them. */
  release(): Promise<void>;
  /** Deletes the reserve at the end of a run that did not need it; the log is left as it is. */
  drop(): Promise<void>;
  readonly released: () => boolean;
  /**
   * `out`, for a log file another process writes from it (the batch script's `tee`): after
   * `release`, if that writer lost the file (tee drops a file it could not write to), the
   * lines are appended to `logFile` directly. See `createDiskReserve`.
   */
  tracked(out: Output, logFile: string): Output;
}

/** ENOSPC or EDQUOT on the error or its cause (`SRT_OUTPUT_FAILED` wraps the file system's error). */
export function isOutOfSpace(error: unknown): boolean {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  }
  return false;
}


/** Sleeps synchronously (log writes are synchronous): the batch script's tee runs meanwhile. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Whether `file` is empty or ends with a newline. */
function endsWithNewline(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } catch {
    return true;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether the last 64 KiB of `file` contain `text`. */
function tailContains(file: string, text: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8').includes(text);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface DiskReserveOptions {
  /** Reserve size (default `RESERVE_BYTES`). */
  readonly bytes?: number;
  /** How long `tracked` waits for the other writer to show a line before appending it itself (default 1000 ms). */
  readonly settleMs?: number;
}

/**
 * Writes the reserve into `logDir` (a disk already full leaves none: the end of the run then
 * has only what space it finds) and returns the run's `DiskReserve`.
 *
 * A log written by the batch script's `tee` (Slurm) loses lines once the disk is full, and tee
 * stops writing a file after a failed write. After `release`, the first line is given to tee
 * and the file watched for up to `settleMs`: if it shows up, tee still writes the file; if not,
 * this and every later line is appended to the file directly.
 *
 * @example
 * const reserve = await createDiskReserve(runtime.logDir);
 * const log = createLog(reserve.tracked(ctx.stdout, orchestratorLog), { now });
 */
export async function createDiskReserve(logDir: string, opts: DiskReserveOptions = {}): Promise<DiskReserve> {
  const { rm } = await import('node:fs/promises');
  const reserve = join(logDir, RESERVE_FILE);
  let held = false;
  try {
    await writeOutputFile(reserve, Buffer.alloc(opts.bytes ?? RESERVE_BYTES));
    held = true;
  } catch {
    // no room for it: the run goes on without a reserve
  }
  let full: FullDisk | undefined;
  let released = false;
  const remove = async (): Promise<void> => {
    if (!held) return;
    held = false;
    await rm(reserve, { force: true }).catch(() => undefined);
  };
  return {
    noteWriteError: (error) => {
      if (full === undefined && isOutOfSpace(error)) full = fullDisk(error);
    },
    findFull: async () => {
      if (full !== undefined) return full;
      const probe = join(logDir, PROBE_FILE);
      try {
        await writeOutputFile(probe, Buffer.alloc(PROBE_BYTES));
      } catch (e) {
        if (isOutOfSpace(e)) full = fullDisk(e);
      }
      await rm(probe, { force: true }).catch(() => undefined);
      return full;
    },
    release: async () => {
      released = true;
      await remove();
    },
    drop: () => remove(),
    released: () => released,
    tracked: (out, logFile) => {
      // before: not released, or no line written since; tee: the other writer still writes the file
      let state: 'before' | 'tee' | 'direct' = 'before';
      const settleMs = opts.settleMs ?? 1000;
      return {
        ...out,
        write: (text) => {
          out.write(text);
          if (!released || state === 'tee') return;
          let line = text;
          if (state === 'before') {
            const end = Date.now() + settleMs;
            while (!tailContains(logFile, text) && Date.now() < end) sleepSync(20);
            if (tailContains(logFile, text)) {
              state = 'tee';
              return;
            }
            state = 'direct';
            // the writer may have stopped mid-line
            if (!endsWithNewline(logFile)) line = `\n${text}`;
          }
          try {
            appendFileSync(logFile, line);
          } catch {
            // still no room: the line stays on the terminal / in the batch log only
          }
        },
      };
    },
  };
}
