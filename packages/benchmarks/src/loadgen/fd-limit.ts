import { SrtError } from '@srt/core';

/**
 * Soft and hard `RLIMIT_NOFILE` from `/proc/self/limits` text (undefined when absent or unlimited).
 *
 * @example parseOpenFileLimit(readFileSync('/proc/self/limits', 'utf8')) // → { soft: 65536, hard: 65536 }
 */
export function parseOpenFileLimit(limitsText: string): { readonly soft: number; readonly hard: number } | undefined {
  const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(limitsText);
  if (!m) return undefined;
  const num = (s: string | undefined): number => (s === 'unlimited' || s === undefined ? Infinity : Number(s));
  return { soft: num(m[1]), hard: num(m[2]) };
}

/** Descriptors a client process needs beyond its streams (stdio, IPC, the reader, node internals). */
const HEADROOM = 64;

/**
 * Fails before the run when one client process would hold more sockets than its open-file limit
 * allows (node raises the soft limit to the hard one at start-up, so `soft` is what it got).
 *
 * @example checkOpenFileLimit(readFileSync('/proc/self/limits', 'utf8'), 1024) // throws SRT_USAGE when 1,024 + 64 sockets exceed the limit
 */
export function checkOpenFileLimit(limitsText: string | undefined, streamsPerProcess: number): void {
  const limit = limitsText === undefined ? undefined : parseOpenFileLimit(limitsText);
  if (!limit) return;
  const needed = streamsPerProcess + HEADROOM;
  if (limit.soft >= needed) return;
  throw new SrtError('SRT_USAGE', `sa-bench needs about ${needed} open files per client process for ${streamsPerProcess} streams, but the open-file limit (ulimit -n) is ${limit.soft}`, {
    details: [
      limit.hard >= needed
        ? `raise it in the shell that runs srtctl: ulimit -n ${limit.hard}`
        : `the hard limit is ${limit.hard}: raise it (as root: ulimit -Hn ${needed}, or nofile in /etc/security/limits.conf; under Slurm the job inherits the submitting shell's limit), then ulimit -n ${needed}`,
      'or spread the streams: --client-processes N gives each process its own limit',
    ],
  });
}

/** Ports kept free for everything else on the host (other clients, TIME_WAIT of earlier runs). */
const PORT_HEADROOM = 1000;

/**
 * Fails before the run when the host's ephemeral port range (`/proc/sys/net/ipv4/ip_local_port_range`
 * text, e.g. `32768\t60999`) cannot hold one local port per stream: every stream is a connection to
 * the same server address, so all client processes together share this range.
 *
 * @example checkEphemeralPorts('32768\t60999', 15000) // fine: 28,232 ports
 */
export function checkEphemeralPorts(rangeText: string | undefined, streams: number): void {
  const m = rangeText === undefined ? null : /^\s*(\d+)\s+(\d+)/.exec(rangeText);
  if (!m) return;
  const ports = Number(m[2]) - Number(m[1]) + 1;
  if (ports >= streams + PORT_HEADROOM) return;
  throw new SrtError('SRT_USAGE', `sa-bench opens ${streams} connections to one server address, but the ephemeral port range (net.ipv4.ip_local_port_range ${m[1]}–${m[2]}) has only ${ports} ports`, {
    details: [
      `widen it on the benchmark node (as root): sysctl -w net.ipv4.ip_local_port_range="1024 65535" (about ${streams + PORT_HEADROOM} ports are needed)`,
      'or lower the concurrency',
    ],
  });
}
