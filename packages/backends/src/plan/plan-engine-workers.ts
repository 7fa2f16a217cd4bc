import type { Backend, FrontendType, PlannedProcess, Process, RuntimeContext, SrtConfig, WorkerLaunch } from '@srt/core';
import { dynamoInstallStep } from '../engine/dynamo-install.ts';
import { buildEngineEnvironment } from '../engine/engine-environment.ts';
import { singleQuote } from '../worker/worker-preamble.ts';
import type { DeploymentMode, PlannedWorkers } from './plan-workers.ts';
import { configsDirFor, endpointGroups, workerProcess } from './plan-workers.ts';
import type { GpuUse, PortBinding } from './validate-deployment.ts';

/** `--export` of steps that install Dynamo: enroot creates the container as root (engines.md §6.2). */
export const INSTALL_EXPORT = 'ALL,ENROOT_REMAP_ROOT=yes';

/** Whether the workers of this job install Dynamo (engines.md §6.2): Dynamo frontend and `dynamo.install`. */
export function workersInstallDynamo(srtConfig: SrtConfig, type: FrontendType, container: boolean): boolean {
  return type === 'dynamo' && srtConfig.dynamo?.install !== false && container;
}

/**
 * The engine preamble (engines.md §1): the setup script, tried as `<configs>/<name>` then
 * `<configs>/patches/<name>` (missing both only warns), then the node-serialized Dynamo install.
 */
export function buildEnginePreamble(srtConfig: SrtConfig, configsDir: string, install: boolean): string | undefined {
  const parts: string[] = [];
  const script = srtConfig.setup_script;
  if (script) {
    const a = singleQuote(`${configsDir}/${script}`);
    const b = singleQuote(`${configsDir}/patches/${script}`);
    parts.push(
      `SRTCTL_SETUP_SCRIPT=${a} && if [ ! -f "$SRTCTL_SETUP_SCRIPT" ]; then SRTCTL_SETUP_SCRIPT=${b}; fi && if [ -f "$SRTCTL_SETUP_SCRIPT" ]; then echo "Running setup script: $SRTCTL_SETUP_SCRIPT" && bash "$SRTCTL_SETUP_SCRIPT"; else echo ${singleQuote(`WARNING: setup script ${script} not found in ${configsDir} or ${configsDir}/patches`)}; fi`,
    );
  }
  if (install) parts.push(dynamoInstallStep(srtConfig.dynamo ?? undefined));
  return parts.length === 0 ? undefined : parts.join(' && ');
}

/** `<mode>_<i>_<node>`, plus `_r<rank>` for a per-GPU rank (E1). */
function stemsOf(p: Process): { readonly name: string; readonly stem: string } {
  const r = p.dpRank === undefined ? '' : `_r${p.dpRank}`;
  return { name: `${p.endpointMode}_${p.endpointIndex}_${p.node}${r}`, stem: `${p.node}_${p.endpointMode}_w${p.endpointIndex}${r}` };
}

/**
 * Worker processes of an engine backend (engines.md §3.6, §4.2): one planned process per
 * Process (`per-process`), or one per endpoint whose srun spans the endpoint's nodes with one
 * task per GPU (`per-endpoint`, MPI). Exports come before the preamble (v1.0.68 order).
 */
export function planEngineWorkers<C>(
  workers: readonly Process[],
  launch: WorkerLaunch,
  ctx: { readonly backend: Backend<C>; readonly config: C; readonly srtConfig: SrtConfig; readonly runtime: RuntimeContext; readonly mode: DeploymentMode; readonly frontendType: FrontendType },
): PlannedWorkers {
  const { backend, config, srtConfig, runtime, mode, frontendType } = ctx;
  const groups = endpointGroups(workers);
  // A mock worker imitates an engine but never needs Dynamo itself.
  const install = backend.type !== 'mock' && workersInstallDynamo(srtConfig, frontendType, mode.container);
  const preamble = buildEnginePreamble(srtConfig, configsDirFor(runtime, mode.inContainer), install);
  const planCtx = { runtime, srtConfig, frontendType };
  const wlog = runtime.workerPaths.logDir;
  const processes: PlannedProcess[] = [];
  const gpuUses: GpuUse[] = [];
  const bindings: PortBinding[] = [];
  const perEndpoint = launch.kind === 'per-endpoint';
  const cpuBind = perEndpoint && runtime.srunOptions['cpu-bind'] === undefined ? launch.cpuBind : undefined;
  for (const group of groups.values()) {
    const targets = perEndpoint ? [group[0]!] : group;
    for (const p of targets) {
      const m = p.endpointMode;
      const { name, stem } = stemsOf(p);
      const nodes = perEndpoint ? [...new Set(group.map((g) => g.node))] : [p.node];
      const argv = backend.buildWorkerCommand(p, group, runtime, {
        useSglangRouter: false,
        profilingEnabled: mode.profilingEnabled,
        nsysPrefix: [],
        ...(srtConfig.enable_config_dump ? { dumpConfigPath: `${wlog}/${stem}_config.json` } : {}),
        config,
        srtConfig,
      });
      const env = buildEngineEnvironment(p, runtime, {
        modeEnvironment: backend.environmentForMode(config, m),
        requestPlane: perEndpoint ? undefined : (srtConfig.dynamo?.request_plane ?? 'tcp'),
        dynamo: srtConfig.dynamo ?? undefined,
        cudaVisibleDevices: backend.exportsCudaVisibleDevices?.(config) ?? true,
        endpointEnvironment: backend.endpointEnvironment?.(config, p, planCtx) ?? [],
        processEnvironment: backend.processEnvironment?.(config, p, { ...planCtx, endpointProcesses: group }) ?? [],
      });
      const unset = backend.envToUnset?.(config, p, group) ?? [];
      processes.push({
        ...workerProcess(p, { name, stem, argv, env, preamble, logDir: runtime.logDir, container: mode.container }),
        exportsFirst: true,
        ...(unset.length > 0 ? { unsetEnv: unset } : {}),
        srun: {
          ...(perEndpoint ? { nodes, ntasks: nodes.length * p.gpuIndices.length, mpi: launch.mpi, oversubscribe: launch.oversubscribe } : {}),
          ...(cpuBind === undefined ? {} : { cpuBind }),
          ...(install ? { export: INSTALL_EXPORT } : {}),
          recipeOptions: true,
        },
      });
      for (const q of perEndpoint ? group : [p]) {
        gpuUses.push({ node: q.node, gpus: q.gpuIndices, owner: name });
        bindings.push({ node: q.node, port: q.sysPort, owner: `${name} (DYN_SYSTEM_PORT)` });
        if (q.kvEventsPort !== undefined && !perEndpoint) bindings.push({ node: q.node, port: q.kvEventsPort, owner: `${name} (KV events)` });
      }
      if (p.dpRpcPort !== undefined && p.node === group[0]!.node && (p.dpStartRank ?? 0) === 0) bindings.push({ node: p.node, port: p.dpRpcPort, owner: `${name} (DP RPC)` });
      const servesHttp = frontendType === 'trtllm_serve' || (frontendType === 'vllm' && p.nodeRank === 0);
      if (servesHttp && p.isLeader) {
        const port = m === 'agg' ? runtime.frontendPort : p.httpPort;
        if (port > 0) bindings.push({ node: p.node, port, owner: `${name} (HTTP)` });
      }
    }
  }
  return { processes, gpuUses, bindings };
}
