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
