import { type FrontendTopology, isSrtError, SrtError, type PlannedProcess, type RuntimeContext, type SrtConfig } from '@srt/core';
import { getBenchmarkRunner } from './registry.ts';
import type { BenchmarkDeployment } from './runners/types.ts';
import { effectiveBenchmarkType, validateBenchmark } from './validate-benchmark.ts';

/** What the benchmark targets: `planDeployment`'s result as is, or just its public URL and workers. */
export type BenchmarkTarget =
  | BenchmarkDeployment
  | {
      readonly workers: BenchmarkDeployment['workers'];
      readonly frontendTopology: Pick<FrontendTopology, 'publicPort'>;
      /** The deployment's health check: its URL names the public API node (the agg leader for servers that are their own frontend, engines.md §5.2). */
      readonly health?: { readonly url: string };
    };

/**
 * The public URL and workers of a target; a deployment plan is reached where its health check
 * polls (the head node's public port, or the agg leader's for vLLM / trtllm-serve).
 *
 * @example benchmarkDeployment(runtime, planDeployment(config, runtime)).publicUrl // → 'http://10.0.0.1:8000'
 */
export function benchmarkDeployment(runtime: Pick<RuntimeContext, 'headNodeIp'>, target: BenchmarkTarget): BenchmarkDeployment {
  if ('publicUrl' in target) return target;
  if (target.health !== undefined) return { publicUrl: new URL(target.health.url).origin, workers: target.workers };
  return { publicUrl: `http://${runtime.headNodeIp}:${target.frontendTopology.publicPort}`, workers: target.workers };
}

/**
 * The benchmark process of a job: on the head node, not critical, logging to
 * `<log_dir>/benchmark.out`; `undefined` for `manual` (serve until cancelled). Throws
 * `SRT_BENCHMARK_INVALID` (with every problem) when the recipe's benchmark section cannot run.
 *
 * @example
 * const deployment = planDeployment(config, runtime, { cluster });
 * const benchmark = planBenchmark(config, runtime, deployment); // or { publicUrl, workers }
 */
export function planBenchmark(config: SrtConfig, runtime: RuntimeContext, target: BenchmarkTarget): PlannedProcess | undefined {
  const deployment = benchmarkDeployment(runtime, target);
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

/**
 * `<log_dir>/bench_<n>`: where benchmark `n` (1-based) of a list writes its log, progress and results.
 *
 * @example benchmarkStepDir('/out/42/logs', 2) // → '/out/42/logs/bench_2'
 */
export function benchmarkStepDir(logDir: string, n: number): string {
  return `${logDir}/bench_${n}`;
}

/**
 * Every benchmark of a job in run order (issue 15): one process for a single `benchmark`
 * (as `planBenchmark`, none for `manual`), or one per entry of `benchmarks` (named
 * `benchmark_<n>`, each under `benchmarkStepDir(log_dir, n)` so results and rollups stay apart).
 *
 * @example planBenchmarks(config, runtime, target).map((p) => p.name) // two entries under benchmarks: → ['benchmark_1', 'benchmark_2']
 */
export function planBenchmarks(config: SrtConfig, runtime: RuntimeContext, target: BenchmarkTarget): readonly PlannedProcess[] {
  const deployment = benchmarkDeployment(runtime, target);
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
