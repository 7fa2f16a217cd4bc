import type { Process, RuntimeContext, SrtConfig, WorkerCommandOptions, WorkerMode } from '@srt/core';
import { servedModelNameForMode } from '@srt/core';
import { nodeAddress } from '../worker/node-address.ts';
import { configToCliArgs } from './config-to-cli-args.ts';
import type { SglangConfig } from './schema.ts';

/** torch.distributed rendezvous port on the leader of a multi-node endpoint. */
export const DIST_INIT_PORT = 29500;

export interface SglangWorkerCommandOptions extends WorkerCommandOptions {
  readonly config: SglangConfig;
  readonly srtConfig?: SrtConfig;
  /**
   * Quirk B2 fix (default true): in router mode, prefill/decode workers get
   * `--disaggregation-mode` and prefill workers `--disaggregation-bootstrap-port` (the port
   * the router is told), each unless their option map sets it. `false` reproduces the reference.
   */
  readonly routerDisaggregationFlags?: boolean;
}

/** The CLI-option map of a mode (a copy; empty for unknown modes or without `sglang_config`). */
export function sglangConfigForMode(config: SglangConfig, mode: WorkerMode): Record<string, unknown> {
  const maps = config.sglang_config;
  const map = mode === 'prefill' ? maps?.prefill : mode === 'decode' ? maps?.decode : mode === 'agg' ? maps?.aggregated : undefined;
  return { ...(map ?? {}) };
}

/** The per-mode environment (`agg` → `aggregated_environment`; a copy). */
export function sglangEnvironmentForMode(config: SglangConfig, mode: WorkerMode): Record<string, string> {
  const env = mode === 'prefill' ? config.prefill_environment : mode === 'decode' ? config.decode_environment : mode === 'agg' ? config.aggregated_environment : undefined;
  return { ...(env ?? {}) };
}

/** The bootstrap port a prefill worker serves on: its option map's, else the allocated one. */
export function sglangBootstrapPort(config: SglangConfig, process: Process): number | undefined {
  if (process.endpointMode !== 'prefill') return process.bootstrapPort;
  const fromMap = bootstrapPortFromMap(sglangConfigForMode(config, 'prefill'));
  return fromMap ?? process.bootstrapPort;
}

function bootstrapPortFromMap(map: Readonly<Record<string, unknown>>): number | undefined {
  const value = map['disaggregation-bootstrap-port'] ?? map['disaggregation_bootstrap_port'];
  if (value === undefined || value === null || value === false) return undefined;
  const port = Number(value);
  return Number.isInteger(port) ? port : undefined;
}

/**
 * argv of one SGLang worker process (backends.md §2), never a joined string:
 * nsys prefix, `python3 -m dynamo.sglang|sglang.launch_server`, model path and served name,
 * `--host 0.0.0.0`, `--port` (router/profiling), `--disaggregation-mode`, multi-node
 * rendezvous at the leader's address (from `runtime.nodeAddrs`), `--dump-config-to`
 * (Dynamo only), then the mode's option map as flags.
 *
 * @example
 * buildSglangWorkerCommand(process, [process], runtime, { config, useSglangRouter: false, profilingEnabled: false })
 * // ['python3', '-m', 'dynamo.sglang', '--model-path', '/model', '--served-model-name', 'dsr1', '--host', '0.0.0.0', ...]
 */
export function buildSglangWorkerCommand(
  process: Process,
  endpointProcesses: readonly Process[],
  runtime: RuntimeContext,
  options: SglangWorkerCommandOptions,
): string[] {
  const mode = process.endpointMode;
  const cfg = sglangConfigForMode(options.config, mode);
  const useSglang = options.useSglangRouter || options.profilingEnabled;
  const fixRouter = options.routerDisaggregationFlags ?? true;
  // Quirk B5 fixed by core: the worker's own map first. Fallback: the resolved host model path (§2 step 5).
  const name = servedModelNameForMode({ model: { path: runtime.modelPath, container: '', precision: '' }, backend: options.config }, mode);

  const argv = [...(options.nsysPrefix ?? [])];
  argv.push('python3', '-m', useSglang ? 'sglang.launch_server' : 'dynamo.sglang');
  argv.push('--model-path', runtime.workerPaths.modelPath, '--served-model-name', name, '--host', '0.0.0.0');
  if (useSglang) argv.push('--port', String(process.httpPort));
  // Dynamo mode: always, as the reference. Router mode (B2 fix): only when the map does not set it.
  // The map "sets" the flag only when configToCliArgs emits it (null/false emit nothing).
  const emits = (v: unknown): boolean => v !== undefined && v !== null && v !== false;
  const mapSetsMode = emits(cfg['disaggregation-mode']) || emits(cfg['disaggregation_mode']);
  if (mode !== 'agg' && (!options.useSglangRouter || (fixRouter && !mapSetsMode))) argv.push('--disaggregation-mode', mode);
  if (options.useSglangRouter && fixRouter && mode === 'prefill' && bootstrapPortFromMap(cfg) === undefined && process.bootstrapPort !== undefined) {
    argv.push('--disaggregation-bootstrap-port', String(process.bootstrapPort));
  }
  argv.push(...distFlags(process, endpointProcesses, runtime));
  if (options.dumpConfigPath !== undefined && !options.useSglangRouter) argv.push('--dump-config-to', options.dumpConfigPath);
  argv.push(...configToCliArgs(cfg));
  return argv;
}

/** `--dist-init-addr <leader>:29500 --nnodes N --node-rank R` for a multi-node endpoint, else nothing. */
function distFlags(process: Process, endpointProcesses: readonly Process[], runtime: RuntimeContext): string[] {
  const nodes = [...new Set(endpointProcesses.map((p) => p.node))];
  if (nodes.length <= 1) return [];
  const rank = nodes.indexOf(process.node);
  if (rank < 0) throw new Error(`process on ${process.node} is not part of its endpoint (${nodes.join(', ')})`);
  const leader = nodeAddress(runtime, nodes[0]!);
  return ['--dist-init-addr', `${leader}:${DIST_INIT_PORT}`, '--nnodes', String(nodes.length), '--node-rank', String(rank)];
}
