import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { recordReadDelay } from './read-delay.ts';

/** Receives what one kernel-stamped socket read. Times are the addon's clock (ms). */
export interface StampedSink {
  /** Bytes `buf[start, end)` that the kernel received at `t`; valid only during the call. */
  onData(buf: Buffer, start: number, end: number, t: number): void;
  /** The peer closed the connection (the socket is already closed). */
  onEnd(): void;
  /** A socket error such as `ECONNREFUSED` (the socket is already closed). */
  onError(message: string): void;
}

/** TCP client sockets read by the native addon, each read stamped with the kernel's receive time. */
export interface StampedSockets {
  /** Opens a connection to a numeric IP address; returns its handle. Throws on immediate errors. */
  connect(ip: string, port: number, sink: StampedSink): number;
  /** Sends (or queues) bytes; returns the send time, or throws with the errno name. */
  send(handle: number, bytes: Uint8Array): number;
  close(handle: number): void;
  /** The clock of all stamps (CLOCK_REALTIME, ms since the addon was loaded, second-aligned). */
  now(): number;
  /**
   * The reader thread runs at real-time priority (SCHED_FIFO), so it preempts JavaScript as
   * soon as data arrives even when both share one core. False where that is not permitted.
   */
  readonly realtime: boolean;
}

interface Addon {
  /** Both buffers are split in two halves, one per batch; `onBatch` gets records [first, first + count). Returns the real-time flag. */
  open(data: Uint8Array, meta: Float64Array, onBatch: (first: number, count: number) => void): boolean;
  connect(ip: string, port: number): number;
  send(handle: number, bytes: Uint8Array): number;
  close(handle: number): void;
  now(): number;
}

const ADDON_FILE = 'stamped-socket.node';
// Where the addon sits relative to this module: the CLI bundle (dist/srtctl.mjs) has a copy
// next to it, the package's dist/ and src/loadgen/ find it in the package's build/.
const CANDIDATES = [`./${ADDON_FILE}`, `../build/${ADDON_FILE}`, `../../build/${ADDON_FILE}`];
// Two batches of 32 MiB and 262,144 reads each: at 100,000 tokens/s (~25 MB/s of SSE) JavaScript
// may fall ~1.3 s behind (a busy core, a phase opening 15,000 connections) before the reader
// thread has to wait for it; with 4 MiB halves it waited after ~160 ms and tokens piled up in the
// sockets (read several at a time, stamped late). Pages are touched only as far as batches fill.
const DATA_BYTES = 64 << 20;
const META_FIELDS = 5;
const META_RECORDS = 2 * 262144;

let loaded: { readonly sockets: StampedSockets } | { readonly reason: string } | undefined;

/**
 * The kernel-stamped sockets of this process, or why they are unavailable (not Linux, the
 * addon was not built: `node packages/benchmarks/scripts/build-native.mjs`, or it failed to load).
 */
export function loadStampedSockets(): { readonly sockets: StampedSockets } | { readonly reason: string } {
  loaded ??= load();
  return loaded;
}

function load(): { readonly sockets: StampedSockets } | { readonly reason: string } {
  if (process.platform !== 'linux') return { reason: `kernel receive timestamps need Linux (this is ${process.platform})` };
  const path = CANDIDATES.map((rel) => fileURLToPath(new URL(rel, import.meta.url))).find((p) => existsSync(p));
  if (!path) return { reason: `${ADDON_FILE} is not built (run node packages/benchmarks/scripts/build-native.mjs)` };
  let addon: Addon;
  try {
    addon = createRequire(import.meta.url)(path) as Addon;
  } catch (e) {
    return { reason: `${path} does not load here: ${(e as Error).message.split('\n')[0]}` };
  }
  // Node caches the addon per process while this module may be evaluated again (test
  // runners, bundles): keep one opened instance on the addon itself.
  const cached = addon as Addon & { [OPENED]?: StampedSockets };
  try {
    cached[OPENED] ??= openSockets(addon);
  } catch (e) {
    return { reason: `${ADDON_FILE} could not start: ${(e as Error).message}` }; // e.g. a second worker thread
  }
  return { sockets: cached[OPENED] };
}

const OPENED = Symbol.for('srt.stamped-socket.opened');

function openSockets(addon: Addon): StampedSockets {
  const data = Buffer.allocUnsafe(DATA_BYTES);
  const meta = new Float64Array(META_FIELDS * META_RECORDS);
  const sinks = new Map<number, StampedSink>();
  const close = (handle: number): void => {
    if (sinks.delete(handle)) addon.close(handle);
  };
  const realtime = addon.open(data, meta, (first, count) => {
    for (let i = first; i < first + count; i++) {
      const m = i * META_FIELDS;
      const handle = meta[m] as number;
      const sink = sinks.get(handle);
      if (!sink) continue; // closed earlier in this batch
      const len = meta[m + 1] as number;
      const kernelT = meta[m + 3] as number;
      if (len > 0) {
        recordReadDelay((meta[m + 4] as number) - kernelT);
        const off = meta[m + 2] as number;
        sink.onData(data, off, off + len, kernelT);
      } else {
        close(handle);
        if (len === 0) sink.onEnd();
        else sink.onError(errnoName(-len));
      }
    }
  });
  return {
    connect(ip, port, sink) {
      const handle = addon.connect(ip, port);
      sinks.set(handle, sink);
      return handle;
    },
    send(handle, bytes) {
      const t = addon.send(handle, bytes);
      if (t < 0) throw new Error(errnoName(-t));
      return t;
    },
    close,
    now: () => addon.now(),
    realtime,
  };
}

let names: Map<number, string> | undefined;

/** `ECONNREFUSED` for 111 (node's names for errno values). */
export function errnoName(errno: number): string {
  names ??= new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));
  return names.get(errno) ?? `errno ${errno}`;
}
