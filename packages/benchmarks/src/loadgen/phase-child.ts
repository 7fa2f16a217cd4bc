import { runPhase, type PhaseCounters } from './run-phase.ts';
import { selectTransport, type TimestampMode } from './select-transport.ts';
import type { LoadSlice, SliceResult } from './split-load.ts';

/** The parent's first message to a client process: its slice of one phase. */
export interface PhaseChildInit {
  readonly type: 'init';
  readonly host: string;
  readonly port: number;
  readonly timestamps: TimestampMode;
  readonly slice: LoadSlice;
  readonly payloads: readonly Uint8Array[];
  readonly seed: number;
}

/** Messages a client process sends back over IPC. */
export type PhaseChildMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly completed: number; readonly failed: number; readonly outputTokens: number }
  | ({ readonly type: 'done' } & Omit<SliceResult, 'slice'>)
  | { readonly type: 'error'; readonly message: string };

/** The environment variable that makes the `srtctl` bin run as a load-generator client process. */
export const LOADGEN_CHILD_ENV = 'SRT_LOADGEN_CHILD';

/**
 * The client-process side of a multi-process phase (forked with an IPC channel, `advanced`
 * serialization): on `init` it opens its own transport (its own kernel-stamped reader thread) and
 * answers `ready`; on `go` (the barrier, sent once every process is ready) it runs its slice,
 * reports counters every 250 ms and sends its raw records with `done`; `abort` stops it.
 *
 * @example if (process.env['SRT_LOADGEN_CHILD'] === '1') runPhaseChild(); // in the forked client process
 */
export function runPhaseChild(proc: NodeJS.Process = process): void {
  const send = (m: PhaseChildMessage, then?: () => void): void => void proc.send?.(m, undefined, {}, () => then?.());
  const controller = new AbortController();
  let init: PhaseChildInit | undefined;
  let openIo: Awaited<ReturnType<typeof selectTransport>>['openIo'] | undefined;
  const fail = (e: unknown): void => {
    send({ type: 'error', message: e instanceof Error ? e.message : String(e) }, () => proc.disconnect?.());
  };
  proc.on('disconnect', () => controller.abort());
  proc.on('message', (raw: unknown) => {
    const m = raw as { readonly type?: string };
    if (m.type === 'init') {
      init = raw as PhaseChildInit;
      selectTransport(init.host, init.port, init.timestamps).then((t) => {
        openIo = t.openIo;
        send({ type: 'ready' });
      }, fail);
    } else if (m.type === 'go' && init && openIo) {
      const counters: PhaseCounters = { completed: 0, failed: 0, outputTokens: 0 };
      const timer = setInterval(() => send({ type: 'progress', ...counters }), 250);
      const payloads = init.payloads.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
      runPhase({ openIo, payloads, concurrency: init.slice.concurrency, rate: init.slice.rate, seed: init.seed, counters, signal: controller.signal }).then(
        (r) => {
          clearInterval(timer);
          send({ type: 'progress', ...counters });
          const startedAtMs = r.startedAtMs ?? 0;
          // disconnect once the records are written to the channel: the process then exits
          send({ type: 'done', records: r.records, startedAtMs, endedAtMs: r.endedAtMs ?? startedAtMs, gaps: r.gaps }, () => proc.disconnect?.());
        },
        (e: unknown) => (clearInterval(timer), fail(e)),
      );
    } else if (m.type === 'abort') controller.abort();
  });
}
