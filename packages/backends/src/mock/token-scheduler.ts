import { performance } from 'node:perf_hooks';

/** Something that runs at a due time (a stream emitting its next chunk). */
export interface ScheduledTask {
  run(now: number): void;
}

/**
 * One timer for every stream of a server: tasks sit in a binary min-heap keyed by due
 * time (`performance.now()` milliseconds) and a single `setTimeout` is armed for the
 * earliest one. Each wake-up runs every task that is due, so N streams cost one timer, not
 * N. Due times are absolute (`start + ttft + k × itl`), so a late wake-up never shifts
 * later tokens: there is no drift. A late stream catches up one chunk per wake-up.
 */
export interface TokenScheduler {
  /** Runs `task` at `due` (or at the next wake-up if `due` has passed). */
  at(due: number, task: ScheduledTask): void;
  /** Pending tasks. */
  readonly size: number;
  /** Drops every pending task and the timer. */
  close(): void;
}

/** Creates the shared scheduler of one server. */
export function createTokenScheduler(now: () => number = () => performance.now()): TokenScheduler {
  const dues: number[] = [];
  const tasks: ScheduledTask[] = [];
  let timer: NodeJS.Timeout | undefined;
  let armedFor = Number.POSITIVE_INFINITY;
  let closed = false;

  function push(due: number, task: ScheduledTask): void {
    let i = dues.length;
    dues.push(due);
    tasks.push(task);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((dues[parent] as number) <= due) break;
      dues[i] = dues[parent] as number;
      tasks[i] = tasks[parent] as ScheduledTask;
      i = parent;
    }
    dues[i] = due;
    tasks[i] = task;
  }

  function pop(): ScheduledTask {
    const top = tasks[0] as ScheduledTask;
    const lastDue = dues.pop() as number;
    const lastTask = tasks.pop() as ScheduledTask;
    const n = dues.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (dues[child + 1] as number) < (dues[child] as number)) child++;
      if ((dues[child] as number) >= lastDue) break;
      dues[i] = dues[child] as number;
      tasks[i] = tasks[child] as ScheduledTask;
      i = child;
    }
    dues[i] = lastDue;
    tasks[i] = lastTask;
    return top;
  }

  function arm(): void {
    if (closed || dues.length === 0) return;
    const next = dues[0] as number;
    if (next >= armedFor) return;
    if (timer !== undefined) clearTimeout(timer);
    armedFor = next;
    timer = setTimeout(fire, Math.max(0, Math.ceil(next - now())));
  }

  function fire(): void {
    timer = undefined;
    armedFor = Number.POSITIVE_INFINITY;
    const t = now();
    // Take every task due now, then run them: a task that is behind and reschedules itself
    // into the past waits for the next wake-up. So each late stream catches up one chunk
    // per wake-up (fair to the others), and reading new requests and forwarding bytes (the
    // I/O phase between wake-ups) is never starved by catch-up work.
    const batch: ScheduledTask[] = [];
    while (dues.length > 0 && (dues[0] as number) <= t) batch.push(pop());
    for (const task of batch) {
      if (!closed) task.run(t);
    }
    arm();
  }

  return {
    at(due, task) {
      if (closed) return;
      push(due, task);
      arm();
    },
    get size() {
      return dues.length;
    },
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      dues.length = 0;
      tasks.length = 0;
    },
  };
}
