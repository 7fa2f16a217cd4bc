import { writeOutputFile } from '@srt/core';
import type { SaProgress } from './run-sa-bench.ts';

/**
 * `<logDir>/benchmark-progress.json`: where a job's load generator leaves its latest progress sample for the orchestrator.
 *
 * @example benchmarkProgressFile('/out/42/logs/bench_1') // → '/out/42/logs/bench_1/benchmark-progress.json'
 */
export function benchmarkProgressFile(logDir: string): string {
  return `${logDir}/benchmark-progress.json`;
}

/**
 * Seconds left in the phase at its current request rate; undefined before the first completion.
 *
 * @example progressEtaS({ ...sample, total: 1000, completed: 600, failed: 0, requestsPerS: 20, done: false }) // → 20
 */
export function progressEtaS(p: SaProgress): number | undefined {
  const left = p.total - p.completed - p.failed;
  if (p.done || left <= 0) return 0;
  return p.requestsPerS > 0 ? left / p.requestsPerS : undefined;
}

const duration = (s: number): string => (s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min` : s >= 120 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);

/**
 * One progress line: `[measure c=64, point 2/5] 120/320 done, 12.0 req/s, 1500 tok/s, 10 s, ETA 17 s`.
 * @example formatSaProgress({ phase: 'measure', concurrency: 4, completed: 1, failed: 0, total: 20, elapsedS: 1, requestsPerS: 1, outputTokensPerS: 9, done: false })
 */
export function formatSaProgress(p: SaProgress): string {
  const where = p.point !== undefined && p.points !== undefined && p.points > 1 ? `, point ${p.point}/${p.points}` : '';
  const eta = progressEtaS(p);
  const etaText = p.done ? '' : `, ETA ${eta === undefined ? '?' : duration(eta)}`;
  return (
    `[${p.phase === 'warmup' ? 'warm-up' : 'measure'} c=${p.concurrency}${where}] ${p.completed}/${p.total} done` +
    `${p.failed > 0 ? `, ${p.failed} failed` : ''}, ${p.requestsPerS.toFixed(1)} req/s, ${p.outputTokensPerS.toFixed(0)} tok/s, ${duration(p.elapsedS)}${etaText}`
  );
}

/**
 * Writes each progress sample to `path` (write then rename, so a reader never sees half a file).
 * Samples arriving while a write is in flight replace each other: only the latest is written.
 *
 * @example const progress = createProgressFileWriter(benchmarkProgressFile(logDir)); progress.write(sample); await progress.flush();
 */
export function createProgressFileWriter(path: string): { readonly write: (p: SaProgress) => void; readonly flush: () => Promise<void> } {
  let pending: SaProgress | undefined;
  let running: Promise<void> | undefined;
  const drain = async (): Promise<void> => {
    while (pending !== undefined) {
      const p = pending;
      pending = undefined;
      // a failed write (a full disk) leaves no temporary file; progress is best effort
      await writeOutputFile(path, `${JSON.stringify(p)}\n`).catch(() => {});
    }
    running = undefined;
  };
  return {
    write: (p) => {
      pending = p;
      running ??= drain();
    },
    flush: async () => {
      await running;
    },
  };
}

/**
 * The latest sample in a progress file; undefined when there is none yet or it does not parse.
 *
 * @example const latest = await readProgressFile(benchmarkProgressFile(logDir)) // → { concurrency: 64, completed: 600, total: 1000, … } or undefined
 */
export async function readProgressFile(path: string): Promise<SaProgress | undefined> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const p = JSON.parse(text) as SaProgress;
    return typeof p.completed === 'number' && typeof p.total === 'number' && typeof p.concurrency === 'number' ? p : undefined;
  } catch {
    return undefined;
  }
}
