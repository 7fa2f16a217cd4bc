import type { Backend } from '@srt/core';
import { SglangBackendSchema, type SglangConfig } from './schema.ts';
import { buildSglangWorkerCommand, sglangBootstrapPort, sglangConfigForMode, sglangEnvironmentForMode } from './worker-command.ts';

/**
 * The SGLang backend: `dynamo.sglang` workers behind Dynamo frontends (NATS + etcd on the
 * head), or `sglang.launch_server` workers behind the SGLang router.
 *
 * @example
 * const argv = sglangBackend.buildWorkerCommand(process, group, runtime, { config, srtConfig, useSglangRouter: false, profilingEnabled: false });
 */
export const sglangBackend = {
  type: 'sglang',
  schema: SglangBackendSchema,
  configForMode: sglangConfigForMode,
  environmentForMode: sglangEnvironmentForMode,
  buildWorkerCommand: (process, endpointProcesses, runtime, options) => buildSglangWorkerCommand(process, endpointProcesses, runtime, options),
  bootstrapPort: sglangBootstrapPort,
} as const satisfies Backend<SglangConfig>;
