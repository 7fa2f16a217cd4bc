import { isProfilingEnabled, isSrtError, type SrtConfig } from '@srt/core';
import { getBenchmarkRunner } from './registry.ts';

/** The benchmark that will run: `profiling` whenever profiling is enabled, else `benchmark.type`. */
export function effectiveBenchmarkType(config: SrtConfig): string {
  return isProfilingEnabled(config.profiling) ? 'profiling' : config.benchmark.type;
}

/**
 * Problems with the recipe's benchmark, one line each (empty when it can run): the runner
 * lookup and its own checks. The CLI runs it at validate, dry-run and apply time (K7).
 */
export function validateBenchmark(config: SrtConfig): readonly string[] {
  const type = effectiveBenchmarkType(config);
  if (config.benchmark.type === 'custom' && type === 'profiling') return ['benchmark.type custom cannot be combined with profiling: disable profiling or use another benchmark type'];
  if (type === 'manual') return [];
  try {
    return getBenchmarkRunner(type).validate(config);
  } catch (e) {
    if (isSrtError(e)) return [e.message];
    throw e;
  }
}
