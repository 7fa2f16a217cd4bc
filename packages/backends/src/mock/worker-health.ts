import type { WorkerView } from './readiness-formats.ts';
import type { UpstreamPool } from './upstream.ts';

/** A worker the mock frontend fronts, as the health poller sees it. */
export interface PolledWorker {
  readonly role: WorkerView['role'];
  readonly index: number;
  readonly url: string;
  readonly pool: UpstreamPool;
  healthy: boolean;
}

/** A running health poll; `stop` clears its timer (a poll in flight is ignored). */
export interface HealthPoller {
  stop(): void;
}

/**
 * Polls every worker's `/health` every `pollMs` (the next round starts once the last has
 * answered), sets `healthy`, logs each change and calls `onChange` after a round that changed
 * something. The mock frontend runs one; with `--processes N` only the primary runs it and
 * sends the answers to its processes, so each worker is polled (and registered) once.
 *
 * @example
 * const poller = pollWorkerHealth(workers, { pollMs: 1000, log: console.log, onChange: () => broadcast(workers.map((w) => w.healthy)) });
 * poller.stop();
 */
export function pollWorkerHealth(workers: readonly PolledWorker[], o: { readonly pollMs: number; readonly log: (line: string) => void; readonly onChange?: () => void }): HealthPoller {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const poll = async (w: PolledWorker): Promise<boolean> => {
    let up = false;
    let why = '';
    try {
      const r = await w.pool.fetch('GET', '/health', Buffer.alloc(0), Math.max(1000, o.pollMs));
      up = r.status === 200;
      why = `/health answered ${r.status}`;
    } catch (e) {
      why = (e as Error).message;
    }
    if (stopped || up === w.healthy) return false;
    o.log(`mock frontend: ${w.role} worker ${w.index} (${w.url}) ${up ? 'healthy' : `unhealthy: ${why}`}`);
    w.healthy = up;
    return true;
  };
  const round = async (): Promise<void> => {
    const changed = await Promise.all(workers.map((w) => poll(w)));
    if (stopped) return;
    if (changed.includes(true)) o.onChange?.();
    timer = setTimeout(() => void round(), o.pollMs);
  };
  void round();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
