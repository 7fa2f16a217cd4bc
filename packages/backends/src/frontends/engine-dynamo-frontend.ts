import type { PlannedProcess, RuntimeContext, SrtConfig } from '@srt/core';
import { dynamoWheelEnvironment } from '../engine/dynamo-install.ts';
import { headServiceEnvironment } from '../head/build-head-services.ts';
import { buildEnginePreamble, INSTALL_EXPORT } from '../plan/plan-engine-workers.ts';
import { configsDirFor } from '../plan/plan-workers.ts';
import { buildDynamoFrontendCommand } from './dynamo-frontend.ts';

/**
 * The Dynamo frontend of an engine job (engines.md §5.2, v1.0.68 shape): etcd/NATS,
 * `DYN_REQUEST_PLANE`, `DYN_SKIP_SGLANG_LOG_FORMATTING`, `DYN_EVENT_PLANE`, the wheel
 * variables and the global environment, then `frontend.env`; preamble = setup script + the
 * Dynamo install (when `dynamo.install`); srun with `--mpi pmix` and, with the install,
 * `--export=ALL,ENROOT_REMAP_ROOT=yes`.
 */
export function buildEngineDynamoFrontend(port: number, srtConfig: SrtConfig, runtime: RuntimeContext, inContainer: boolean): Pick<PlannedProcess, 'argv' | 'env' | 'preamble' | 'srun' | 'exportsFirst'> {
  const env = new Map<string, string>(headServiceEnvironment(runtime.nodes.head));
  env.set('DYN_REQUEST_PLANE', srtConfig.dynamo?.request_plane ?? 'tcp');
  env.set('DYN_SKIP_SGLANG_LOG_FORMATTING', '1');
  if (srtConfig.dynamo?.event_plane != null) env.set('DYN_EVENT_PLANE', srtConfig.dynamo.event_plane);
  for (const [k, v] of dynamoWheelEnvironment(srtConfig.dynamo ?? undefined)) env.set(k, v);
  for (const [k, v] of Object.entries(runtime.environment)) env.set(k, v);
  for (const [k, v] of Object.entries(srtConfig.frontend.env ?? {})) env.set(k, v);
  const install = srtConfig.dynamo?.install !== false;
  const preamble = buildEnginePreamble(srtConfig, configsDirFor(runtime, inContainer), install);
  return {
    argv: buildDynamoFrontendCommand(port, srtConfig.frontend),
    env: [...env],
    ...(preamble === undefined ? {} : { preamble }),
    exportsFirst: true,
    srun: { mpi: 'pmix', ...(install ? { export: INSTALL_EXPORT } : {}), recipeOptions: true },
  };
}
