import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMockWorker } from '@srt/backends';
import { runSaBench, type SaBenchOptions } from '@srt/benchmarks';
import { describe, expect, it } from 'vitest';

// The client-process entry, run from source (tsx) as the srtctl bin runs it when SRT_LOADGEN_CHILD=1.
const ENTRY = fileURLToPath(new URL('../../packages/benchmarks/src/loadgen/phase-child-entry.ts', import.meta.url));
const forkClient = () => fork(ENTRY, [], { execArgv: ['--conditions=@srt/source', '--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

describe('sa-bench with two client processes against the mock worker', () => {
  it('completes the same seeded requests as one process, with percentiles close to it at the same load', async () => {
    const worker = await startMockWorker({ mode: 'agg', index: 0, model: 'mock-model', port: 0, ttftMs: 20, itlMs: 10 });
    try {
      const opts: SaBenchOptions = { url: worker.url, model: 'mock-model', isl: 64, osl: 24, concurrencies: [5], numPrompts: 20, warmup: false, timestamps: 'node' };
      const one = (await runSaBench(opts)).runs[0]!;
      const progress: number[] = [];
      const two = (await runSaBench({ ...opts, clientProcesses: 2 }, { forkClient, onProgress: (p) => progress.push(p.completed) })).runs[0]!;
      expect(two.metrics.completed).toBe(20);
      expect(two.metrics.completed).toBe(one.metrics.completed);
      expect(two.metrics.failed).toBe(0);
      // the same prompt set, in the same order: every input and output length is the single-process one
      expect(two.result['input_lens']).toStrictEqual(one.result['input_lens']);
      expect(two.result['output_lens']).toStrictEqual(one.result['output_lens']);
      expect(two.metrics.totalOutputTokens).toBe(one.metrics.totalOutputTokens);
      // ITL is the mock's pacing (10 ms) in both; the merged percentiles come from all samples
      expect(two.metrics.itlMs.median).toBeGreaterThan(one.metrics.itlMs.median * 0.85);
      expect(two.metrics.itlMs.median).toBeLessThan(one.metrics.itlMs.median * 1.15);
      expect(two.metrics.e2elMs.median).toBeGreaterThan(one.metrics.e2elMs.median * 0.8);
      expect(two.metrics.e2elMs.median).toBeLessThan(one.metrics.e2elMs.median * 1.2);
      // 20 requests over 5 streams of ~0.25 s each: 4 rounds; the merged duration spans both processes
      expect(two.duration).toBeGreaterThan(one.duration * 0.7);
      expect(two.duration).toBeLessThan(one.duration * 1.5);
      expect(progress.at(-1)).toBe(20); // the children's counters reach the progress line
    } finally {
      await worker.close();
    }
  }, 30_000);

  it('fails the point, naming the process, when a client process dies', async () => {
    const worker = await startMockWorker({ mode: 'agg', index: 0, model: 'mock-model', port: 0, ttftMs: 5, itlMs: 5 });
    try {
      let forked = 0;
      const dying = () => {
        const child = forkClient();
        if (forked++ === 0) child.once('message', () => child.kill('SIGKILL')); // the first dies right after it said ready
        return child;
      };
      await expect(
        runSaBench({ url: worker.url, model: 'mock-model', isl: 16, osl: 8, concurrencies: [2], numPrompts: 4, warmup: false, timestamps: 'node', clientProcesses: 2 }, { forkClient: dying }),
      ).rejects.toThrow(/client process \d+ \(streams 1, prompts 0\.\.1\) exited \(SIGKILL\)/);
    } finally {
      await worker.close();
    }
  }, 30_000);

  it('refuses, before any request, streams beyond the open-file limit of a process, and counts per process', async () => {
    const limits = 'Max open files            300                  300                  files\n';
    const opts: SaBenchOptions = { url: 'http://127.0.0.1:9', model: 'm', isl: 8, osl: 8, concurrencies: [400], warmup: false, timestamps: 'node' };
    await expect(runSaBench(opts, { readLimits: () => limits })).rejects.toMatchObject({
      code: 'SRT_USAGE', message: 'sa-bench needs about 464 open files per client process for 400 streams, but the open-file limit (ulimit -n) is 300',
    });
    // two processes of 200 streams each fit: the run gets as far as the (refused) test request
    await expect(runSaBench({ ...opts, clientProcesses: 2 }, { readLimits: () => limits, forkClient })).rejects.toMatchObject({ code: 'SRT_BENCHMARK_FAILED' });
  });
});
