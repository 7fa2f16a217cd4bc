import { compareCodeUnits } from '@srt/core';
import type { Process, RuntimeContext } from '@srt/core';
import { headServiceEnvironment } from '../head/build-head-services.ts';

/** What the worker environment is assembled from, besides the process and runtime. */
export interface WorkerEnvironmentOptions {
  /** The backend's environment for the process's mode (`prefill_environment`, ...). */
  readonly modeEnvironment: Readonly<Record<string, string>>;
  /** Profiling variables for the mode (empty when profiling is off), in order. */
  readonly profilingEnvironment?: Readonly<Record<string, string>> | readonly (readonly [string, string])[];
}

/**
 * The ordered exports of one worker (backends.md §4): head address and NATS/etcd URLs,
 * `DYN_SYSTEM_PORT`, the mode's env, the recipe's global `environment` (which wins on a
 * conflict, quirk B7 kept), profiling variables, and `CUDA_VISIBLE_DEVICES` only when the
 * process uses fewer GPUs than the node has. A later write keeps the first position.
 */
export function buildWorkerEnvironment(process: Process, runtime: RuntimeContext, opts: WorkerEnvironmentOptions): [string, string][] {
  const env = new Map<string, string>();
  env.set('HEAD_NODE_IP', runtime.headNodeIp);
  for (const [k, v] of headServiceEnvironment(runtime.nodes.head)) env.set(k, v);
  env.set('DYN_SYSTEM_PORT', String(process.sysPort));
  for (const [k, v] of Object.entries(opts.modeEnvironment)) env.set(k, v);
  for (const [k, v] of Object.entries(runtime.environment)) env.set(k, v);
  const profiling = opts.profilingEnvironment ?? [];
  for (const [k, v] of Array.isArray(profiling) ? profiling : Object.entries(profiling)) env.set(k, v);
  if (process.gpuIndices.length < runtime.gpusPerNode) env.set('CUDA_VISIBLE_DEVICES', process.cudaVisibleDevices);
  return [...env];
}

/** The orchestrator's `Env: K1=v1 K2=v2` log line: sorted by key, unquoted. */
export function formatEnvLogLine(env: readonly (readonly [string, string])[]): string {
  const sorted = [...env].sort(([a], [b]) => compareCodeUnits(a, b));
  return `Env: ${sorted.map(([k, v]) => `${k}=${v}`).join(' ')}`;
}
