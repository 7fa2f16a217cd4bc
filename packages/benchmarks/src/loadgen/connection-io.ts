import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { readEnded, readStarted } from './read-delay.ts';
import type { StampedSockets } from './stamped-socket.ts';

/** What a connection's transport reports. `t` is the time the bytes arrived, in the transport's clock. */
export interface IoSink {
  onData(buf: Buffer, start: number, end: number, t: number): void;
  onEnd(): void;
  onError(message: string): void;
  /** The transport is gone (after `onEnd`/`onError`, or on its own). */
  onClose(): void;
}

/** One open transport of a `StreamConnection`. */
export interface ConnectionIo {
  /** Sends bytes; returns the send time in the same clock as the read times. */
  write(bytes: Buffer): number;
  destroy(): void;
}

/** Opens a transport that reports to `sink`; events arrive only after it returned. */
export type OpenIo = (sink: IoSink) => ConnectionIo;

/** Where read times come from: the kernel's receive time, or `performance.now()` when JavaScript reads. */
export type TimestampSource = 'kernel' | 'node';

// All node:net sockets read into one buffer: each read is parsed synchronously before the
// next one, so no per-read allocation is needed (node's `onread` option).
const SHARED_READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/** node:net transport: each read stamped with `performance.now()` before it is parsed. */
export function nodeNetIo(host: string, port: number): OpenIo {
  return (sink) => {
    const socket = connect({
      host,
      port,
      noDelay: true,
      onread: {
        buffer: SHARED_READ_BUFFER,
        callback: (n: number, buf: Uint8Array): boolean => {
          const t = performance.now();
          readStarted(t);
          sink.onData(buf as Buffer, 0, n, t);
          readEnded(performance.now());
          return true;
        },
      },
    });
    socket.on('error', (e: NodeJS.ErrnoException) => sink.onError(e.code === undefined ? e.message : describeSocketError(e.code, host, port)));
    socket.on('end', () => sink.onEnd());
    socket.on('close', () => sink.onClose());
    return {
      write(bytes) {
        const t = performance.now();
        socket.write(bytes);
        return t;
      },
      destroy: () => socket.destroy(),
    };
  };
}

const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused by {at} (is the server running and listening on that port?)',
  ECONNRESET: 'connection to {at} reset by the server',
  ETIMEDOUT: 'connection to {at} timed out',
  EHOSTUNREACH: 'host of {at} unreachable',
  ENETUNREACH: 'network of {at} unreachable',
  ENOTFOUND: 'host of {at} not found',
  EPIPE: 'connection to {at} closed by the server while sending',
};

/** One plain line for a socket error (`ECONNREFUSED` → "connection refused by 10.0.0.1:8000 …"). */
export function describeSocketError(code: string, host: string, port: number): string {
  const at = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return (SOCKET_ERRORS[code] ?? `${code} ${at}`).replace('{at}', at);
}

/** Kernel-stamped transport (native addon) to a numeric IP address. */
export function kernelStampedIo(sockets: StampedSockets, ip: string, port: number): OpenIo {
  return (sink) => {
    let handle = -1;
    const failLater = (what: string): void => {
      queueMicrotask(() => {
        sink.onError(describeSocketError(what, ip, port));
        sink.onClose();
      });
    };
    try {
      handle = sockets.connect(ip, port, {
        onData: (buf, s, e, t) => sink.onData(buf, s, e, t),
        onEnd: () => {
          handle = -1;
          sink.onEnd();
          sink.onClose();
        },
        onError: (name) => {
          handle = -1;
          sink.onError(describeSocketError(name, ip, port));
          sink.onClose();
        },
      });
    } catch (e) {
      failLater((e as Error).message);
    }
    return {
      write(bytes) {
        const t = sockets.now();
        if (handle < 0) return t;
        try {
          return sockets.send(handle, bytes);
        } catch (e) {
          sockets.close(handle);
          handle = -1;
          failLater((e as Error).message);
          return t;
        }
      },
      destroy() {
        if (handle >= 0) sockets.close(handle);
        handle = -1;
      },
    };
  };
}
