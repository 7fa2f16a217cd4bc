import type { DynamoConfig, Process, RuntimeContext } from '@srt/core';
import { headServiceEnvironment } from '../head/build-head-services.ts';
import { dynamoWheelEnvironment } from './dynamo-install.ts';

/** Dynamo's default log filter for engine workers (engines.md §3.6 step 3). */
export const DEFAULT_DYN_LOG = 'info,dynamo_runtime::pipeline::network::ingress::push_handler=warn';

export interface EngineEnvironmentOptions {
  /** The backend's environment for the process's mode. */
  readonly modeEnvironment: Readonly<Record<string, string>>;
  /** `DYN_REQUEST_PLANE` value; omitted when undefined (TRT-LLM, as the reference). */
  readonly requestPlane: string | undefined;
  readonly dynamo: DynamoConfig | undefined;
  readonly profilingEnvironment?: readonly (readonly [string, string])[];
  /** Export `CUDA_VISIBLE_DEVICES` for a process using fewer GPUs than its node. */
  readonly cudaVisibleDevices: boolean;
  /** Backend variables exported right after the mode env (TRT-LLM `TRTLLM_EPLB_SHM_NAME`). */
  readonly endpointEnvironment?: readonly (readonly [string, string])[];
  /** Backend per-process variables, exported last (vLLM ports, `TRTLLM_EPLB_SHM_NAME`). */
  readonly processEnvironment: readonly (readonly [string, string])[];
}

/**
 * The ordered exports of one engine worker (engines.md §3.6 / §4.6, one pipeline for both launch
 * styles, E11): head address, etcd/NATS, `DYN_SYSTEM_PORT`, `DYN_REQUEST_PLANE`,
 * `DYN_SKIP_SGLANG_LOG_FORMATTING`, `DYN_EVENT_PLANE`, `DYN_LOG`, the mode env, the wheel
 * variables, the global env (both with `{node}`/`{node_id}` filled in), profiling variables,
 * `CUDA_VISIBLE_DEVICES`, then the backend's per-process variables. A later write keeps the
 * first position.
 */
export function buildEngineEnvironment(process: Process, runtime: RuntimeContext, opts: EngineEnvironmentOptions): [string, string][] {
  const env = new Map<string, string>();
  env.set('HEAD_NODE_IP', runtime.headNodeIp);
  for (const [k, v] of headServiceEnvironment(runtime.nodes.head)) env.set(k, v);
  env.set('DYN_SYSTEM_PORT', String(process.sysPort));
  if (opts.requestPlane !== undefined) env.set('DYN_REQUEST_PLANE', opts.requestPlane);
  env.set('DYN_SKIP_SGLANG_LOG_FORMATTING', '1');
  if (opts.dynamo?.event_plane != null) env.set('DYN_EVENT_PLANE', opts.dynamo.event_plane);
  env.set('DYN_LOG', DEFAULT_DYN_LOG);
  const fill = templater(process.node, runtime.nodes.worker.indexOf(process.node));
  for (const [k, v] of Object.entries(opts.modeEnvironment)) env.set(k, fill(v));
  for (const [k, v] of opts.endpointEnvironment ?? []) env.set(k, v);
  for (const [k, v] of dynamoWheelEnvironment(opts.dynamo)) env.set(k, v);
  for (const [k, v] of Object.entries(runtime.environment)) env.set(k, fill(v));
  for (const [k, v] of opts.profilingEnvironment ?? []) env.set(k, v);
  if (opts.cudaVisibleDevices && process.gpuIndices.length < runtime.gpusPerNode) env.set('CUDA_VISIBLE_DEVICES', process.cudaVisibleDevices);
  for (const [k, v] of opts.processEnvironment) env.set(k, v);
  return [...env];
}

/** `{node}` → hostname, `{node_id}` → index in the worker node list; other braces stay as written. */
function templater(node: string, nodeId: number): (value: string) => string {
  return (value) => value.replaceAll('{node}', node).replaceAll('{node_id}', String(nodeId));
}
