import type { WorkerMode } from '../topology/types.ts';
import type { ProfilingConfig, ProfilingPhaseConfig } from './schema.ts';

type ProfilingType = Pick<ProfilingConfig, 'type'>;

/**
 * Profiling is on for any `type` but `none` (case-sensitive, as the reference).
 *
 * @example if (isProfilingEnabled(config.profiling.type)) console.log('workers run under the profiler');
 */
export function isProfilingEnabled(profiling: ProfilingType): boolean {
  return profiling.type !== 'none';
}

/** The phase object a worker mode profiles: `prefill`, `decode`, or `aggregated` for agg. */
export function profilingPhase(
  profiling: ProfilingConfig,
  mode: WorkerMode | 'aggregated',
): ProfilingPhaseConfig | null | undefined {
  if (mode === 'prefill') return profiling.prefill;
  if (mode === 'decode') return profiling.decode;
  return profiling.aggregated;
}

/**
 * Worker environment for profiling (config.md §7.2), in the reference's order; empty when
 * profiling is off. `profileDir` is the directory as the worker sees it.
 *
 * @example profilingEnv(torchProfiling, 'prefill', '/logs/profiles') // [['PROFILING_MODE', 'prefill'], ...]
 */
export function profilingEnv(
  profiling: ProfilingConfig,
  mode: WorkerMode | 'aggregated',
  profileDir: string,
): readonly (readonly [string, string])[] {
  if (!isProfilingEnabled(profiling)) return [];
  const env: [string, string][] = [['PROFILING_MODE', mode]];
  const push = (name: string, value: number | null | undefined): void => {
    if (value != null) env.push([name, String(value)]);
  };
  push('PROFILE_ISL', profiling.isl);
  push('PROFILE_OSL', profiling.osl);
  push('PROFILE_CONCURRENCY', profiling.concurrency);
  const phase = profilingPhase(profiling, mode);
  const upper = mode.toUpperCase();
  push(`PROFILE_${upper}_START_STEP`, phase?.start_step);
  push(`PROFILE_${upper}_STOP_STEP`, phase?.stop_step);
  if (profiling.type === 'torch') env.push(['SGLANG_TORCH_PROFILER_DIR', `${profileDir}/${mode}`]);
  return env;
}

/** The `nsys profile ...` argv prefix for nsys profiling; empty otherwise. */
export function nsysPrefix(profiling: ProfilingType, outputFile: string): readonly string[] {
  if (profiling.type !== 'nsys') return [];
  return [
    'nsys', 'profile', '-t', 'cuda,nvtx', '--cuda-graph-trace=node', '-c', 'cudaProfilerApi',
    '--capture-range-end', 'stop', '--force-overwrite', 'true', '-o', outputFile,
  ];
}
