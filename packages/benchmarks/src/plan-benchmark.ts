import { SrtError, type PlannedProcess, type RuntimeContext, type SrtConfig } from '@srt/core';
import { getBenchmarkRunner } from './registry.ts';
import type { BenchmarkDeployment } from './runners/types.ts';
import { effectiveBenchmarkType, validateBenchmark } from './validate-benchmark.ts';

/**
 * The benchmark process of a job: on the head node, not critical, logging to
 * `<log_dir>/benchmark.out`; `undefined` for `manual` (serve until cancelled).
 */
export function planBenchmark(config: SrtConfig, runtime: RuntimeContext, deployment: BenchmarkDeployment): PlannedProcess | undefined {
  const type = effectiveBenchmarkType(config);
  if (type === 'manual') return undefined;
  const runner = getBenchmarkRunner(type);
  const problems = validateBenchmark(config);
  if (problems.length > 0)
    throw new SrtError('SRT_BENCHMARK_INVALID', `The ${runner.name} benchmark cannot run with this recipe: fix the benchmark section`, { details: problems });
  const cmd = runner.plan(config, runtime, deployment);
  return {
    name: 'benchmark',
    role: 'benchmark',
    node: runtime.nodes.head,
    argv: cmd.argv,
    env: cmd.env,
    logFile: `${runtime.logDir}/benchmark.out`,
    critical: false,
    container: cmd.container,
    ...(cmd.containerImage === undefined ? {} : { containerImage: cmd.containerImage }),
    readiness: { kind: 'none' },
  };
}
