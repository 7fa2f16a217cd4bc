import { fstatSync, writeSync } from 'node:fs';
import type { Output } from '../context.ts';

/** What `processOutput` needs of the process (injected by tests). */
export interface ProcessOutputIo {
  readonly writeSync: (fd: number, bytes: Uint8Array, offset: number) => number;
  /** process.stdout or process.stderr: its getter builds a stream (tty, net or fs) on first use. */
  readonly stream: () => NodeJS.WriteStream;
  /** Whether the descriptor is certainly not a terminal, without building the stream. */
  readonly notTerminal: (fd: number) => boolean;
  /** `srtctl … | head`: the reader left. */
  readonly onBrokenPipe: () => void;
}

const NODE_IO: Omit<ProcessOutputIo, 'stream'> = {
  writeSync: (fd, bytes, offset) => writeSync(fd, bytes, offset),
  notTerminal,
  // Stop as a program killed by SIGPIPE reports it (128 + 13), without a stack trace (a C tool
  // would have died of the signal).
  onBrokenPipe: () => process.exit(141),
};

/**
 * The command's stdout (fd 1) or stderr (fd 2). Written with `writeSync` while that works, so a
 * command that prints a few lines never builds Node's stream for it (the tty, net and stream
 * modules: ~4 ms of `srtctl validate`'s start-up for both streams); `isTTY` is answered by
 * `fstat` when the descriptor is a file, a pipe or /dev/null, and only a character device asks
 * the stream. A write that would block (EAGAIN: a non-blocking pipe somebody else set up) or
 * fails otherwise hands the rest of that text and every later write to the stream, in order.
 * A broken pipe (EPIPE) exits 141, from either path, unless `survivesBrokenPipe()` was called:
 * then it stops the writes only.
 *
 * @example const stdout = processOutput(1); stdout.write('ok\n');
 */
export function processOutput(fd: 1 | 2, io: Partial<ProcessOutputIo> = {}): Output {
  const { writeSync: write, notTerminal: surelyNot, onBrokenPipe } = { ...NODE_IO, ...io };
  const stream = io.stream ?? (() => (fd === 1 ? process.stdout : process.stderr));
  let streamed: NodeJS.WriteStream | undefined;
  let tty: boolean | undefined;
  // survivesBrokenPipe(): a broken pipe then only stops the writes
  let survive = false;
  let broken = false;
  const brokenPipe = (): void => {
    if (survive) broken = true;
    else onBrokenPipe();
  };
  const viaStream = (): NodeJS.WriteStream => {
    if (streamed === undefined) {
      streamed = stream();
      streamed.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EPIPE' && !broken) throw e;
        brokenPipe();
      });
    }
    return streamed;
  };
  const isTTY = (): boolean => (tty ??= surelyNot(fd) ? false : stream().isTTY === true);
  return {
    write(text: string): void {
      if (broken) return;
      if (streamed !== undefined) {
        streamed.write(text);
        return;
      }
      const bytes = Buffer.from(text, 'utf8');
      let done = 0;
      try {
        while (done < bytes.length) done += write(fd, bytes, done);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') {
          brokenPipe();
          return;
        }
        viaStream().write(bytes.subarray(done));
      }
    },
    survivesBrokenPipe: () => {
      survive = true;
    },
    get isTTY(): boolean {
      return isTTY();
    },
    get columns(): number {
      return isTTY() ? (stream().columns ?? 100) : 100;
    },
  };
}

/**
 * True when `fd` is a regular file, a pipe or a socket, or (on Linux) a memory device such as
 * /dev/null (character devices of major 1); false when it may be a terminal or cannot be
 * examined, which leaves the answer to the stream's `isTTY`.
 *
 * @example notTerminal(1) // → true under `srtctl validate -f r.yaml > out.txt`
 */
export function notTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice()) return true;
    return process.platform === 'linux' && ((st.rdev >>> 8) & 0xfff) === 1;
  } catch {
    return false;
  }
}
