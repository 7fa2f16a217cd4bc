import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { createTokenScheduler } from './token-scheduler.ts';

describe('createTokenScheduler', () => {
  it('runs every task once, in due order, whatever the order they were added in', async () => {
    const s = createTokenScheduler();
    const t0 = performance.now();
    const ran: number[] = [];
    const offsets = [30, 5, 20, 5, 0, 45, 10, 25, 15, 40, 35];
    const done = new Promise<void>((resolve) => {
      offsets.forEach((o) =>
        s.at(t0 + o, {
          run() {
            ran.push(o);
            if (ran.length === offsets.length) resolve();
          },
        }),
      );
    });
    await done;
    expect(ran).toStrictEqual([...offsets].sort((a, b) => a - b));
    expect(s.size).toBe(0);
  });

  it('never runs a task before it is due, and lets a task schedule its next step', async () => {
    const s = createTokenScheduler();
    const t0 = performance.now();
    const early: number[] = [];
    let steps = 0;
    await new Promise<void>((resolve) => {
      const task = {
        due: t0,
        run(now: number) {
          if (now < this.due) early.push(this.due - now);
          if (++steps === 10) return resolve();
          this.due += 3;
          s.at(this.due, this);
        },
      };
      s.at(task.due, task);
    });
    expect([steps, early]).toStrictEqual([10, []]);
  });

  it('drops pending tasks when closed', async () => {
    const s = createTokenScheduler();
    let ran = false;
    s.at(performance.now() + 5, { run: () => void (ran = true) });
    s.close();
    await new Promise((r) => setTimeout(r, 20));
    expect([ran, s.size]).toStrictEqual([false, 0]);
  });
});
