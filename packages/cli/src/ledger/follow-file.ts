import { closeSync, openSync, readSync } from 'node:fs';

export interface FollowOptions {
  /** Where new text goes, a whole line at a time. */
  readonly write: (text: string) => void;
  /** Checked between polls: true once nothing more will be written (the job ended). */
  readonly done: () => Promise<boolean> | boolean;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly signal?: AbortSignal;
  /** Between polls (default 250 ms). */
  readonly intervalMs?: number;
  /** Start at this byte (default 0: the whole file first). */
  readonly from?: number;
}

/**
 * `tail -f` that ends: prints a file (it may not exist yet) and what is appended to it, whole
 * lines at a time, until `done()` says the writer finished (then prints what is left) or the
 * signal aborts. Returns the byte offset reached.
 */
export async function followFile(path: string, opts: FollowOptions): Promise<number> {
  let offset = opts.from ?? 0;
  let pending = '';
  const buf = Buffer.alloc(256 * 1024);
  const drain = (): void => {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return;
    }
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, offset);
        if (n <= 0) break;
        offset += n;
        pending += buf.subarray(0, n).toString('utf8');
      }
    } finally {
      closeSync(fd);
    }
    const cut = pending.lastIndexOf('\n');
    if (cut >= 0) {
      opts.write(pending.slice(0, cut + 1));
      pending = pending.slice(cut + 1);
    }
  };
  for (;;) {
    drain();
    if (opts.signal?.aborted) break;
    if (await opts.done()) {
      drain();
      break;
    }
    await opts.sleep(opts.intervalMs ?? 250, opts.signal).catch(() => undefined);
  }
  if (pending !== '') opts.write(`${pending}\n`);
  return offset;
}
