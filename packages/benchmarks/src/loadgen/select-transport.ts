import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { SrtError } from '@srt/core';
import { kernelStampedIo, nodeNetIo, type OpenIo, type TimestampSource } from './connection-io.ts';
import { loadStampedSockets } from './stamped-socket.ts';

/** `auto`: kernel receive timestamps when the native reader loads, else node:net read times. */
export type TimestampMode = 'auto' | TimestampSource;

export interface Transport {
  readonly openIo: OpenIo;
  readonly source: TimestampSource;
  /** Why `auto` fell back to node:net read times. */
  readonly note?: string;
}

/**
 * Picks how sa-bench talks to `host:port` and where its token timestamps come from.
 * `kernel` when the addon is unavailable is a usage error naming the reason.
 */
export async function selectTransport(host: string, port: number, mode: TimestampMode = 'auto'): Promise<Transport> {
  if (mode === 'node') return { openIo: nodeNetIo(host, port), source: 'node' };
  const native = loadStampedSockets();
  if ('reason' in native) {
    if (mode === 'kernel')
      throw new SrtError('SRT_USAGE', `Kernel receive timestamps are unavailable: ${native.reason}`, {
        details: ['use --timestamps node (or auto) to stamp tokens when node reads them'],
      });
    return { openIo: nodeNetIo(host, port), source: 'node', note: `kernel receive timestamps unavailable (${native.reason}); tokens are stamped when node reads them` };
  }
  let ip = host;
  if (isIP(host) === 0) {
    try {
      ip = (await lookup(host)).address;
    } catch {
      // Let the request fail as usual (getaddrinfo ENOTFOUND ...) through node:net.
      return { openIo: nodeNetIo(host, port), source: 'node', note: `could not resolve ${host}` };
    }
  }
  const openIo = kernelStampedIo(native.sockets, ip, port);
  if (native.sockets.realtime) return { openIo, source: 'kernel' };
  return {
    openIo,
    source: 'kernel',
    note: 'the kernel-stamped reader runs at normal priority (real-time scheduling is not permitted here: raise `ulimit -r` or grant CAP_SYS_NICE); on a single busy core its reads can lag and tokens can share reads',
  };
}
