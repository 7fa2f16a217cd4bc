import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Logs larger than this are read from their end; line numbers stay those of the whole file. */
const MAX_BYTES = 32 * 1024 * 1024;
const CHUNK = 1024 * 1024;

export interface LogLines {
  /** Line number (1-based) of `lines[0]`. */
  readonly first: number;
  readonly lines: readonly string[];
}

/** The lines of a log file (its last 32 MiB for larger ones, with true line numbers); undefined when it cannot be read. */
export function readLogLines(path: string): LogLines | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - MAX_BYTES);
    let skipped = 0;
    const buf = Buffer.alloc(Math.min(CHUNK, Math.max(1, start)));
    for (let pos = 0; pos < start; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, start - pos), pos);
      if (n <= 0) break;
      for (let i = 0; i < n; i++) if (buf[i] === 10) skipped += 1;
      pos += n;
    }
    const body = Buffer.alloc(size - start);
    let off = 0;
    while (off < body.length) {
      const n = readSync(fd, body, off, body.length - off, start + off);
      if (n <= 0) break;
      off += n;
    }
    const lines = body.subarray(0, off).toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    return { first: skipped + 1, lines };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
