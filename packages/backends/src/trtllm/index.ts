import type { Backend } from '@srt/core';
import { frontendType, isProfilingEnabled } from '@srt/core';
import { standardEngineProcesses } from '../engine/engine-ports.ts';
import { allocateSeparatingModes } from '../engine/separate-modes.ts';
import { pyYamlDump } from '../engine/py-yaml-dump.ts';
import { TrtllmBackendSchema, type TrtllmConfig } from './schema.ts';
import { buildTrtllmWorkerCommand, engineConfigPath, trtllmConfigForMode, trtllmEnvironmentForMode } from './worker-command.ts';

/**
 * `TRTLLM_EPLB_SHM_NAME` of one endpoint (E15): deterministic, so dry-run and the run agree,
 * in upstream's shape `moe_shared_<32 hex>`.
 *
 * @example eplbShmName('42', 'decode', 0) // → 'moe_shared_48e9d6009ac75b5599d1106bfc7ad44d'
 */
export function eplbShmName(jobId: string, mode: string, index: number): string {
  // node:crypto only when a TRT-LLM plan asks: loading it is ~3 ms of every CLI start (issue 11).
  const { createHash } = process.getBuiltinModule('node:crypto');
  return `moe_shared_${createHash('md5').update(`${jobId}_${mode}_${index}`).digest('hex')}`;
}

/**
 * The TRT-LLM backend (engines.md §4): one MPI-style srun per endpoint (`--ntasks` = GPUs,
 * `trtllm-llmapi-launch`), the LLM-API options in `trtllm_config_<mode>.yaml`, `dynamo.trtllm`
 * behind a Dynamo frontend or `trtllm-serve` behind `trtllm-serve disaggregated`.
 *
 * @example
 * const plan = planDeployment(config, runtime); // with backend.type: trtllm
 */
export const trtllmBackend = {
  type: 'trtllm',
  schema: TrtllmBackendSchema,
  configForMode: trtllmConfigForMode,
  environmentForMode: trtllmEnvironmentForMode,
  // v1.0.68: decode moves off a partly used prefill node (only vLLM may colocate; engines.md §1).
  allocateEndpoints: (opts) => allocateSeparatingModes(opts, false),
  endpointsToProcesses: (endpoints) => standardEngineProcesses(endpoints),
  buildWorkerCommand: (process, group, runtime, options) => buildTrtllmWorkerCommand(process, group, runtime, options),
  bootstrapPort: () => undefined,
  usesHeadServices: (_config, srtConfig) => ['dynamo', 'sglang'].includes(frontendType(srtConfig.frontend)),
  launch: () => ({ kind: 'per-endpoint', mpi: 'pmix', oversubscribe: true, cpuBind: 'verbose,none' }),
  endpointEnvironment: (_config, p, { runtime }) => [['TRTLLM_EPLB_SHM_NAME', eplbShmName(runtime.jobId, p.endpointMode, p.endpointIndex)]],
  plannedFiles: (config, { runtime, modes }) =>
    modes.map((mode) => ({ path: engineConfigPath(runtime.logDir, mode), content: pyYamlDump(trtllmConfigForMode(config, mode)) })),
  sequentialNodeStart: (config) => config.sequential_node_start,
  validate(_config, srtConfig) {
    return isProfilingEnabled(srtConfig.profiling) && srtConfig.profiling.type === 'torch' ? ['profiling.type: torch is not supported with backend.type: trtllm; use nsys'] : [];
  },
} as const satisfies Backend<TrtllmConfig>;
