import type { Process, RuntimeContext, SrtConfig, WorkerCommandOptions } from '@srt/core';
import { frontendType, servedModelNameForMode, SrtError } from '@srt/core';
import { pyJsonDumps } from '../engine/py-json.ts';
import { nodeAddress } from '../worker/node-address.ts';
import { parallelSizes, recipeRpcPort, vllmConfigForMode } from './layout.ts';
import { dropKey, vllmOptionArgs } from './render-options.ts';
import type { VllmConfig } from './schema.ts';

/** KV connector presets (engines.md §3.4 step 4), matched case-insensitively. */
const CONNECTORS: Readonly<Record<string, unknown>> = {
  nixl: { kv_connector: 'NixlConnector', kv_role: 'kv_both' },
  lmcache: { kv_connector: 'LMCacheConnectorV1', kv_role: 'kv_both' },
  kvbm: { kv_connector: 'DynamoConnector', kv_connector_module_path: 'kvbm.vllm_integration.connector', kv_role: 'kv_both' },
};

/** Keys the direct `vllm serve` path owns (engines.md §3.5). */
export const TOPOLOGY_KEYS = ['headless', 'host', 'port', 'master-addr', 'nnodes', 'node-rank'] as const;

export interface VllmWorkerCommandOptions extends WorkerCommandOptions {
  readonly config: VllmConfig;
  readonly srtConfig: SrtConfig;
}

/**
 * argv of one vLLM worker: `python3 -m dynamo.vllm` behind a Dynamo frontend (engines.md
 * §3.4), or `vllm serve` as its own public server (`frontend.type: vllm`, §3.5).
 *
 * @example
 * buildVllmWorkerCommand(process, group, runtime, { config, srtConfig, useSglangRouter: false, profilingEnabled: false })
 * // ['python3', '-m', 'dynamo.vllm', '--model', '/model', '--served-model-name', 'Qwen3-32B', ...]
 */
export function buildVllmWorkerCommand(process: Process, group: readonly Process[], runtime: RuntimeContext, options: VllmWorkerCommandOptions): string[] {
  return frontendType(options.srtConfig.frontend) === 'vllm' ? directCommand(process, group, runtime, options) : dynamoCommand(process, group, runtime, options);
}

function endpointNodes(group: readonly Process[]): string[] {
  return [...new Set(group.map((p) => p.node))];
}

function deviceIds(config: VllmConfig, process: Process): string[] {
  if (config.set_cuda_visible_devices || process.gpuIndices.length === 0) return [];
  return ['--device-ids', [...process.gpuIndices].sort((a, b) => a - b).join(',')];
}

function modelName(process: Process, runtime: RuntimeContext, options: VllmWorkerCommandOptions): string {
  return servedModelNameForMode({ model: { ...options.srtConfig.model, path: runtime.modelPath }, backend: options.config }, process.endpointMode);
}

function dynamoCommand(process: Process, group: readonly Process[], runtime: RuntimeContext, options: VllmWorkerCommandOptions): string[] {
  const { config, srtConfig } = options;
  const mode = process.endpointMode;
  const map = vllmConfigForMode(config, mode);
  const nodes = endpointNodes(group);
  const leaderIp = nodeAddress(runtime, nodes[0]!);
  const nodeIndex = nodes.indexOf(process.node);
  const argv = [...(options.nsysPrefix ?? [])];
  argv.push('python3', '-m', 'dynamo.vllm', '--model', runtime.workerPaths.modelPath, '--served-model-name', modelName(process, runtime, options));
  if (mode !== 'agg') argv.push('--disaggregation-mode', mode);
  const modeConnector = map['connector'];
  delete map['connector'];
  const connector = modeConnector ?? config.connector;
  if (typeof connector === 'string' && connector !== '' && !['null', 'none'].includes(connector.toLowerCase())) {
    const preset = CONNECTORS[connector.toLowerCase()];
    argv.push('--kv-transfer-config', preset === undefined ? connector : pyJsonDumps(preset));
  }
  argv.push(...deviceIds(config, process));
  const sizes = parallelSizes(map);
  if (sizes.dpSet && config.dp_launch_mode === 'per_node') {
    const rpc = String(process.dpRpcPort ?? recipeRpcPort(map) ?? 8400);
    dropKey(map, 'data-parallel-rpc-port');
    for (const k of ['data-parallel-size-local', 'data-parallel-start-rank', 'data-parallel-hybrid-lb']) dropKey(map, k);
    dropKey(map, 'headless', false);
    const replica = sizes.tp * sizes.pp;
    if (replica > process.gpuIndices.length) {
      argv.push('--master-addr', leaderIp, '--nnodes', String(nodes.length), '--node-rank', String(nodeIndex), '--data-parallel-address', leaderIp, '--data-parallel-rpc-port', rpc);
      if (nodeIndex > 0) argv.push('--headless');
    } else {
      argv.push(
        '--data-parallel-size-local', String(process.gpuIndices.length / replica),
        '--data-parallel-start-rank', String(process.dpStartRank ?? 0),
        '--data-parallel-address', leaderIp,
        '--data-parallel-rpc-port', rpc,
        '--data-parallel-hybrid-lb',
      );
    }
  } else if (sizes.dpSet) {
    const rpc = String(process.dpRpcPort ?? recipeRpcPort(map) ?? 8400);
    dropKey(map, 'data-parallel-rpc-port');
    argv.push('--data-parallel-rank', String(process.dpRank ?? process.dpStartRank ?? 0), '--data-parallel-address', leaderIp, '--data-parallel-rpc-port', rpc);
  } else if (nodes.length > 1) {
    argv.push('--master-addr', leaderIp, '--nnodes', String(nodes.length), '--node-rank', String(nodeIndex));
    if (nodeIndex > 0) argv.push('--headless');
  }
  argv.push('--request-plane', srtConfig.dynamo?.request_plane ?? 'tcp');
  if (options.dumpConfigPath !== undefined) argv.push('--dump-config-to', options.dumpConfigPath);
  const events = kvEventsFor(config, mode);
  if (events !== undefined && process.kvEventsPort !== undefined) {
    const doc = new Map<string, unknown>([['publisher', 'zmq'], ['topic', 'kv-events'], ['enable_kv_cache_events', true]]);
    for (const [k, v] of Object.entries(events)) doc.set(k, v);
    doc.set('endpoint', `tcp://*:${process.kvEventsPort}`);
    argv.push('--kv-events-config', pyJsonDumps(doc));
  }
  argv.push(...vllmOptionArgs(map));
  return argv;
}

/** The mode's KV-event settings (`{}` for `true`), or undefined when off (engines.md §3.4 step 9). */
function kvEventsFor(config: VllmConfig, mode: Process['endpointMode']): Readonly<Record<string, unknown>> | undefined {
  const k = config.kv_events_config;
  if (k === true) return mode === 'agg' ? undefined : {};
  if (k === null || k === undefined || k === false) return undefined;
  const entry = mode === 'prefill' ? k.prefill : mode === 'decode' ? k.decode : k.aggregated;
  if (entry === true) return {};
  return entry === null || entry === undefined || entry === false ? undefined : entry;
}

/**
 * The topology-owned keys a recipe set for the direct path, as `--flag=<recipe> -> <used>`
 * (engines.md §3.5); planning warns with them.
 *
 * @example overriddenTopologyFlags({ vllm_config: { aggregated: { port: 9000, 'tensor-parallel-size': 8 } } }) // → ['--port=9000']
 */
export function overriddenTopologyFlags(config: VllmConfig): string[] {
  const map = vllmConfigForMode(config, 'agg');
  const out: string[] = [];
  for (const key of TOPOLOGY_KEYS) {
    for (const spelling of new Set([key, key.replaceAll('-', '_')])) {
      if (map[spelling] !== undefined && map[spelling] !== null) out.push(`--${key}=${String(map[spelling])}`);
    }
  }
  return out;
}

function directCommand(process: Process, group: readonly Process[], runtime: RuntimeContext, options: VllmWorkerCommandOptions): string[] {
  const { config } = options;
  if (process.endpointMode !== 'agg') {
    throw new SrtError('SRT_CONFIG_INVALID', 'frontend.type: vllm supports aggregate vLLM jobs only; use frontend.type: dynamo for prefill/decode workers');
  }
  const map = vllmConfigForMode(config, 'agg');
  for (const key of TOPOLOGY_KEYS) dropKey(map, key);
  delete map['connector'];
  if (map['served-model-name'] == null && map['served_model_name'] == null) map['served-model-name'] = modelName(process, runtime, options);
  const nodes = endpointNodes(group);
  const nodeIndex = nodes.indexOf(process.node);
  const argv = [...(options.nsysPrefix ?? [])];
  argv.push('vllm', 'serve', runtime.workerPaths.modelPath);
  if (nodeIndex === 0) argv.push('--host', '0.0.0.0', '--port', String(runtime.frontendPort));
  if (nodes.length > 1) {
    argv.push('--master-addr', nodeAddress(runtime, nodes[0]!), '--nnodes', String(nodes.length), '--node-rank', String(nodeIndex));
    if (nodeIndex > 0) {
      argv.push('--headless');
      dropKey(map, 'api-server-count');
    }
  }
  argv.push(...deviceIds(config, process));
  argv.push(...vllmOptionArgs(map));
  return argv;
}
