import type { Process, RuntimeContext, SrtConfig, WorkerCommandOptions, WorkerMode } from '@srt/core';
import { frontendType, lastComponent } from '@srt/core';
import type { TrtllmConfig } from './schema.ts';

/**
 * The mode map (a copy; `agg` → `aggregated`).
 *
 * @example trtllmConfigForMode(config.backend, 'agg') // → a copy of backend.trtllm_config.aggregated, e.g. { tensor_parallel_size: 8 }
 */
export function trtllmConfigForMode(config: TrtllmConfig, mode: WorkerMode): Record<string, unknown> {
  const maps = config.trtllm_config;
  const map = mode === 'prefill' ? maps?.prefill : mode === 'decode' ? maps?.decode : mode === 'agg' ? maps?.aggregated : undefined;
  return { ...(map ?? {}) };
}

/**
 * The per-mode environment (a copy).
 *
 * @example trtllmEnvironmentForMode(config.backend, 'decode') // → a copy of backend.decode_environment, e.g. { TRTLLM_ENABLE_PDL: '1' }
 */
export function trtllmEnvironmentForMode(config: TrtllmConfig, mode: WorkerMode): Record<string, string> {
  const env = mode === 'prefill' ? config.prefill_environment : mode === 'decode' ? config.decode_environment : mode === 'agg' ? config.aggregated_environment : undefined;
  return { ...(env ?? {}) };
}

/**
 * Where workers read the engine YAML of a mode (`/logs/trtllm_config_<mode>.yaml` in the container).
 *
 * @example engineConfigPath('/logs', 'prefill') // → '/logs/trtllm_config_prefill.yaml'
 */
export function engineConfigPath(logDir: string, mode: WorkerMode): string {
  return `${logDir}/trtllm_config_${mode}.yaml`;
}

/**
 * The served name (E9: `backend.served_model_name`, else the model path's last component).
 *
 * @example trtllmServedName(config.backend, '/models/DeepSeek-R1/') // without served_model_name → 'DeepSeek-R1'
 */
export function trtllmServedName(config: TrtllmConfig, modelPath: string): string {
  return config.served_model_name ?? lastComponent(modelPath);
}

export interface TrtllmWorkerCommandOptions extends WorkerCommandOptions {
  readonly config: TrtllmConfig;
  readonly srtConfig: SrtConfig;
}

const PARALLEL_KEYS = ['tensor_parallel_size', 'moe_expert_parallel_size', 'pipeline_parallel_size'] as const;

/**
 * argv of one TRT-LLM endpoint (every MPI task runs it; engines.md §4.4–4.5): the nsys prefix,
 * `numactl -m 0,1` (GB200/GB300 prefill/decode, or `numa_memory_bind`), `trtllm-llmapi-launch`,
 * then `python3 -m dynamo.trtllm …` or `trtllm-serve <model> --host 0.0.0.0 --port P …`.
 *
 * @example
 * buildTrtllmWorkerCommand(leader, group, runtime, { config, srtConfig, useSglangRouter: false, profilingEnabled: false })
 * // ['trtllm-llmapi-launch', 'python3', '-m', 'dynamo.trtllm', '--model-path', '/model', ...]
 */
export function buildTrtllmWorkerCommand(process: Process, _group: readonly Process[], runtime: RuntimeContext, options: TrtllmWorkerCommandOptions): string[] {
  const { config, srtConfig } = options;
  const mode = process.endpointMode;
  const argv = [...(options.nsysPrefix ?? [])];
  const gpu = srtConfig.resources.gpu_type;
  const numa = config.numa_memory_bind ?? (gpu === 'gb200' || gpu === 'gb300');
  if (numa && mode !== 'agg') argv.push('numactl', '-m', '0,1');
  argv.push('trtllm-llmapi-launch');
  const model = runtime.workerPaths.modelPath;
  const yaml = engineConfigPath(runtime.workerPaths.logDir, mode);
  if (frontendType(srtConfig.frontend) === 'trtllm_serve') {
    argv.push('trtllm-serve', model, '--host', '0.0.0.0', '--port', String(mode === 'agg' ? runtime.frontendPort : process.httpPort));
    const map = trtllmConfigForMode(config, mode);
    for (const key of PARALLEL_KEYS) if (Object.hasOwn(map, key)) argv.push(`--${key}`, String(map[key]));
    argv.push('--config', yaml);
    return argv;
  }
  argv.push('python3', '-m', 'dynamo.trtllm', '--model-path', model, '--served-model-name', trtllmServedName(config, runtime.modelPath));
  if (mode !== 'agg') argv.push('--disaggregation-mode', mode);
  argv.push('--extra-engine-args', yaml, '--request-plane', srtConfig.dynamo?.request_plane ?? 'tcp');
  if (config.publish_events_and_metrics) argv.push('--publish-events-and-metrics');
  return argv;
}
