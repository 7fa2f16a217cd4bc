/**
 * @srt/benchmarks: the benchmark runners of srtctl, the native sa-bench load generator,
 * its metrics and result files, and reports.
 */
export * from './loadgen/run-sa-bench.ts';
export * from './loadgen/metrics.ts';
export * from './loadgen/stats.ts';
export * from './loadgen/prompts.ts';
export * from './loadgen/client-monitor.ts';
export * from './loadgen/result-file.ts';
export * from './loadgen/render-summary.ts';
export * from './loadgen/rollup.ts';
export * from './loadgen/progress.ts';
export * from './loadgen/slo.ts';
export * from './loadgen/validity.ts';
export * from './loadgen/parse-concurrencies.ts';
export * from './loadgen/select-transport.ts';
export type { TimestampSource } from './loadgen/connection-io.ts';
export * from './runners/types.ts';
export * from './registry.ts';
export * from './validate-benchmark.ts';
export * from './plan-benchmark.ts';
export * from './runners/profiling.ts';
export * from './runners/custom.ts';
export * from './report/types.ts';
export * from './report/read-report-runs.ts';
export * from './report/render-report.ts';
export * from './report/frontier.ts';
export * from './report/compare-runs.ts';
export * from './report/write-report.ts';
// issue 15: multi-process client
export * from './loadgen/split-load.ts';
export * from './loadgen/phase-child.ts';
export * from './loadgen/run-phase-multi.ts';
export * from './loadgen/fd-limit.ts';
