import { isSrtError, SrtError, type PlannedProcess, type RuntimeContext, type SrtConfig } from '@srt/core';
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
    readiness: { kind: 'none' },
  };
}

/** `<log_dir>/bench_<n>`: where benchmark `n` (1-based) of a list writes its log, progress and results. */
export function benchmarkStepDir(logDir: string, n: number): string {
  return `${logDir}/bench_${n}`;
}

/**
 * Every benchmark of a job in run order (issue 15): one process for a single `benchmark`
 * (as `planBenchmark`, none for `manual`), or one per entry of `benchmarks` (named
 * `benchmark_<n>`, each under `benchmarkStepDir(log_dir, n)` so results and rollups stay apart).
 */
export function planBenchmarks(config: SrtConfig, runtime: RuntimeContext, deployment: BenchmarkDeployment): readonly PlannedProcess[] {
  const list = config.benchmarks ?? [];
  if (list.length <= 1) {
    const one = planBenchmark(config, runtime, deployment);
    return one === undefined ? [] : [one];
  }
  return list.map((benchmark, i) => {
    const n = i + 1;
    const step = { ...config, benchmark, benchmarks: undefined } as SrtConfig;
    if (effectiveBenchmarkType(step) === 'manual')
      throw new SrtError('SRT_BENCHMARK_INVALID', `benchmarks[${i}] is manual: a list of benchmarks runs each in order and then ends the job, so it cannot hold a manual one`, {
        details: ['remove the manual entry, or run `benchmark: { type: manual }` alone'],
      });
    const logDir = benchmarkStepDir(runtime.logDir, n);
    const sub = { ...runtime, logDir, workerPaths: { ...runtime.workerPaths, logDir: benchmarkStepDir(runtime.workerPaths.logDir, n) } };
    let planned: PlannedProcess | undefined;
    try {
      planned = planBenchmark(step, sub, deployment);
    } catch (e) {
      if (isSrtError(e)) throw new SrtError(e.code, `benchmarks[${i}]: ${e.message}`, { details: e.details });
      throw e;
    }
    if (planned === undefined) throw new Error('unreachable: manual was rejected above');
    return { ...planned, name: `benchmark_${n}` };
  });
}
