import { SrtError } from '@srt/core';
import { customRunner } from './runners/custom.ts';
import { gpqaRunner, longbenchV2Runner, mmluRunner } from './runners/accuracy.ts';
import { profilingRunner } from './runners/profiling.ts';
import { routerRunner } from './runners/router.ts';
import { saBenchRunner } from './runners/sa-bench.ts';
import { BENCHMARK_TYPES, type BenchmarkRunner, type BenchmarkType } from './runners/types.ts';

const RUNNERS: Readonly<Record<BenchmarkType, BenchmarkRunner>> = {
  custom: customRunner,
  gpqa: gpqaRunner,
  longbenchv2: longbenchV2Runner,
  mmlu: mmluRunner,
  profiling: profilingRunner,
  router: routerRunner,
  'sa-bench': saBenchRunner,
};

/** The benchmark types that have a runner, sorted. */
export function listBenchmarks(): readonly BenchmarkType[] {
  return [...BENCHMARK_TYPES].sort();
}

/**
 * The runner of a benchmark type; `SRT_BENCHMARK_UNKNOWN` for anything else.
 *
 * @example getBenchmarkRunner('sa-bench').name // → 'sa-bench'
 */
export function getBenchmarkRunner(type: string): BenchmarkRunner {
  const runner = (RUNNERS as Readonly<Record<string, BenchmarkRunner | undefined>>)[type];
  if (!runner)
    throw new SrtError('SRT_BENCHMARK_UNKNOWN', `Unknown benchmark type: ${type}. Available: ${listBenchmarks().join(', ')}`, {
      details: ['set benchmark.type to one of these, or to "manual" to serve without a benchmark'],
    });
  return runner;
}
