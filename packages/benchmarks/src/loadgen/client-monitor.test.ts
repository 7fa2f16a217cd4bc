import { describe, expect, it } from 'vitest';
import { startClientMonitor } from './client-monitor.ts';
import { recordReadDelay } from './read-delay.ts';

/** Blocks the event loop for `ms` several times, with turns of the loop in between. */
async function stall(times: number, ms: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      // busy
    }
    await new Promise((r) => setTimeout(r, 6));
  }
}

const run = { total: 1000, coalesced: 0, medianItlMs: 10 };

describe('startClientMonitor', () => {
  it('calls a stalled event loop an overload when node stamps the reads, a warning when the kernel does', async () => {
    const node = startClientMonitor();
    await stall(8, 40);
    const withNode = node.stop({ ...run, timestamps: 'node' });
    expect(withNode.reasons.some((r) => r.startsWith('client event-loop delay p99'))).toBe(true);
    const kernel = startClientMonitor();
    await stall(8, 40);
    const withKernel = kernel.stop({ ...run, timestamps: 'kernel' });
    expect(withKernel.timestamps).toBe('kernel');
    expect(withKernel.reasons.some((r) => r.includes('event-loop delay'))).toBe(false);
    expect(withKernel.warnings.some((w) => w.includes('requests may have been sent late'))).toBe(true);
  });

  it('flags kernel-stamped reads that waited more than half the ITL (tokens start to share reads)', () => {
    const m = startClientMonitor();
    for (let i = 0; i < 100; i++) recordReadDelay(i < 95 ? 0.2 : 7);
    const h = m.stop({ ...run, timestamps: 'kernel' });
    expect(h.readDelayP99Ms).toBeGreaterThanOrEqual(7);
    expect(h.reasons.some((r) => /^tokens waited up to 7\.\d ms \(p99\) in the socket/.test(r))).toBe(true);
    const quiet = startClientMonitor();
    for (let i = 0; i < 100; i++) recordReadDelay(0.2);
    expect(quiet.stop({ ...run, timestamps: 'kernel' }).reasons.some((r) => r.startsWith('tokens waited'))).toBe(false);
  });
});
