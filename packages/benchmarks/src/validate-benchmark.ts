import { isProfilingEnabled, isSrtError, type SrtConfig } from '@srt/core';
import { getBenchmarkRunner } from './registry.ts';

/** The benchmark that will run: `profiling` whenever profiling is enabled, else `benchmark.type`. */
export function effectiveBenchmarkType(config: SrtConfig): string {
  return isProfilingEnabled(config.profiling) ? 'profiling' : config.benchmark.type;
}

/**
 * Problems with the recipe's benchmark, one line each (empty when it can run): the runner
 * lookup and its own checks. The CLI runs it at validate, dry-run and apply time (K7).
 *
 * @example for (const problem of validateBenchmark(config)) console.error(problem);
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

/** A benchmark problem with the recipe path it is about (for `file:line:col` reports). */
export interface BenchmarkIssue {
  readonly path: readonly string[];
  readonly message: string;
}

/**
 * `validateBenchmark` as located issues: each message's path is the first recipe path it
 * names (`benchmark.isl`, `profiling.concurrency`, `frontend.use_sglang_router`), else
 * `benchmark.type`.
 *
 * @example benchmarkIssues(config) // sa-bench without isl → [{ path: ['benchmark', 'isl'], message: 'required for sa-bench' }]
 */
export function benchmarkIssues(config: SrtConfig): readonly BenchmarkIssue[] {
  return validateBenchmark(config).map((message) => {
    const named = /\b(benchmark|profiling|frontend)\.([a-z_]+)\b/.exec(message);
    const path = named === null ? ['benchmark', 'type'] : [named[1]!, named[2]!];
    // `benchmark.isl is required for sa-bench` → `required for sa-bench` (the report shows the path).
    const rest = message.startsWith(`${path.join('.')} is `) ? message.slice(path.join('.').length + 4) : message;
    return { path, message: rest };
  });
}
