/**
 * @srt/benchmarks/plan: what planning and validating a recipe needs (the runner registry,
 * `benchmarkIssues`, `planBenchmarks`, the custom benchmark's warnings), without the load
 * generator, its sockets and the reports. `srtctl validate` and `dry-run` import only this,
 * so they start without loading `node:net`, `node:child_process` and `node:perf_hooks`
 * (issue 11). Everything here is also exported by `@srt/benchmarks`.
 */
export * from './runners/types.ts';
export * from './registry.ts';
export * from './validate-benchmark.ts';
export * from './plan-benchmark.ts';
export { customBenchmarkWarnings } from './runners/custom.ts';
