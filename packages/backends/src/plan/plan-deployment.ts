import type { Backend, PlannedProcess, RuntimeContext, SrtConfig } from '@srt/core';
import { allocateEndpoints, computeFrontendTopology, deriveResources, endpointsToProcesses, frontendType as effectiveFrontendType, isProfilingEnabled, SrtError, type PlannedFile, type StartGate, type WorkerMode } from '@srt/core';
import { collectFrontendTargets } from '../frontends/frontend-targets.ts';
import { buildHeadServices, ETCD_CLIENT_PORT, ETCD_PEER_PORT, NATS_PORT, type HeadServiceOptions } from '../head/build-head-services.ts';
import { getBackend } from '../registry.ts';
import type { DeploymentPlan } from './deployment-plan.ts';
import { parseBackendSection } from './parse-backend-section.ts';
import { planFrontends } from './plan-frontends.ts';
import { planModelDownload } from './plan-model-download.ts';
import { planHealth } from './plan-health.ts';
import { planEngineWorkers } from './plan-engine-workers.ts';
import { planWorkers, type DeploymentMode } from './plan-workers.ts';
import { sequentialStartGates } from './sequential-start.ts';
import { assertNoDeploymentConflicts, type PortBinding } from './validate-deployment.ts';

export interface PlanDeploymentOptions {
  /** Cluster file values for the head services (`nats_binary`, `etcd_binary`). */
  readonly cluster?: { readonly nats_binary?: string | null | undefined; readonly etcd_binary?: string | null | undefined } | undefined;
  /** Use this plug-in instead of looking up `config.backend.type` (tests, user programs). */
  readonly backend?: Backend<any>;
}

/**
 * Everything the orchestrator starts for the serving side of one job, in start order: head
 * services (when the backend uses them), workers, nginx, frontends; plus nginx.conf and the
 * health check; an `hf:` model's pre-download step (engines.md §7) runs between the head services
 * and the workers. Pure. Allocation errors (`SRT_NODES_EXHAUSTED`) and conflicts
 * (`SRT_PLAN_INVALID`: a GPU or port used twice on a node) are thrown before anything starts.
 * Profiling forces router mode (quirk B4): its `sglang.launch_server` workers only register
 * with the SGLang router.
 *
 * @example
 * const plan = planDeployment(config, runtime, { cluster });
 * for (const p of plan.processes) console.log(p.name, p.node, p.argv.join(' '));
 */
export function planDeployment(srtConfig: SrtConfig, runtime: RuntimeContext, opts: PlanDeploymentOptions = {}): DeploymentPlan {
  const backend: Backend<any> = opts.backend ?? getBackend(srtConfig.backend.type);
  const config: unknown = parseBackendSection(backend, srtConfig.backend);
  const r = deriveResources(srtConfig.resources);
  const profilingEnabled = isProfilingEnabled(srtConfig.profiling);
  const container = backend.runsInContainer?.(config) ?? true;
  const frontendType = effectiveFrontendType(srtConfig.frontend);
  const problems = backend.validate?.(config, srtConfig) ?? [];
  if (problems.length > 0) throw new SrtError('SRT_CONFIG_INVALID', `${problems[0]}`, { details: problems.slice(1) });
  const launch = backend.launch?.(config);
  if (launch !== undefined && profilingEnabled && backend.type !== 'mock') {
    throw new SrtError('SRT_CONFIG_INVALID', `profiling is not supported with backend.type: ${backend.type} yet; delete the profiling section (docs/engines.md)`);
  }
  const mode: DeploymentMode = {
    useSglangRouter: frontendType === 'sglang' || profilingEnabled,
    profilingEnabled,
    container,
    inContainer: runtime.containerRuntime === 'pyxis' && container,
  };

  const endpoints = (backend.allocateEndpoints ?? allocateEndpoints)({
    numPrefill: r.numPrefill,
    numDecode: r.numDecode,
    numAgg: r.numAgg,
    gpusPerPrefill: r.gpusPerPrefill,
    gpusPerDecode: r.gpusPerDecode,
    gpusPerAgg: r.gpusPerAgg,
    gpusPerNode: runtime.gpusPerNode,
    availableNodes: runtime.nodes.worker,
  }, config);
  const workers = backend.endpointsToProcesses ? backend.endpointsToProcesses(endpoints, { config, srtConfig }) : endpointsToProcesses(endpoints);
  const ctx = { backend, config, srtConfig, runtime, mode, frontendType };

  const head = (backend.usesHeadServices?.(config, srtConfig) ?? true) ? buildHeadServices(runtime, { ...headOptions(opts), inContainer: mode.inContainer }) : [];
  const planned = launch === undefined ? planWorkers(workers, ctx) : planEngineWorkers(workers, launch, ctx);
  const topology = computeFrontendTopology(runtime.nodes, srtConfig.frontend);
  const targets = collectFrontendTargets(workers, runtime, (p) => backend.bootstrapPort?.(config, p) ?? p.bootstrapPort);
  const frontends = planFrontends(topology, targets, { ...ctx, workers });
  const modes = [...new Set(workers.map((p) => p.endpointMode))] as WorkerMode[];
  const download = planModelDownload({ runtime, modes, modeEnvironment: (m) => backend.environmentForMode(config, m), container: mode.container });
  const engineFiles: readonly PlannedFile[] = backend.plannedFiles?.(config, { runtime, srtConfig, frontendType, modes }) ?? [];
  const batch = backend.sequentialNodeStart?.(config) ?? 0;
  const gates: StartGate[] = [
    ...(launch?.kind === 'per-endpoint' && batch > 0 ? sequentialStartGates(planned.processes, workers, runtime, batch, frontendType) : []),
    ...frontends.gates,
  ];
  const logical = { prefill: r.numAgg > 0 ? 0 : r.numPrefill, decode: r.numAgg > 0 ? r.numAgg : r.numDecode };
  const expected = backend.healthExpectations?.(config, workers, frontendType, logical) ?? logical;

  const headBindings: PortBinding[] = head.length === 0 ? [] : [NATS_PORT, ETCD_CLIENT_PORT, ETCD_PEER_PORT].map((port) => ({ node: runtime.nodes.head, port, owner: port === NATS_PORT ? 'nats' : 'etcd' }));
  assertNoDeploymentConflicts(planned.gpuUses, [...headBindings, ...planned.bindings, ...frontends.bindings]);

  // The backend's own processes get the mounts it needs in the container (mock: the bundle).
  const ownMounts = mode.inContainer ? (backend.containerMounts?.(config, runtime) ?? []) : [];
  const own = (p: PlannedProcess): PlannedProcess =>
    ownMounts.length > 0 && p.container && (p.role === 'worker' || (p.role === 'frontend' && backend.buildFrontendCommand !== undefined))
      ? { ...p, extraMounts: [...(p.extraMounts ?? []), ...ownMounts] }
      : p;

  return {
    endpoints,
    workers,
    frontendTopology: topology,
    processes: [...head, ...(download.process === undefined ? [] : [download.process]), ...planned.processes.map(own), ...frontends.processes.map(own)],
    files: [...engineFiles, ...frontends.files],
    health: planHealth(srtConfig, runtime, topology, { numPrefill: expected.prefill, numDecode: expected.decode, numAgg: r.numAgg > 0 ? expected.decode : 0, useSglangRouter: mode.useSglangRouter, frontendType, publicNode: publicNode(frontendType, workers, runtime.nodes.head) }),
    useSglangRouter: mode.useSglangRouter,
    frontendType,
    gates,
    warnings: download.warnings,
  };
}

/** The node of the public API (engines.md §5.2): the agg leader for servers that are their own frontend (E20), else the head. */
function publicNode(type: string, workers: readonly { readonly endpointMode: string; readonly endpointIndex: number; readonly isLeader: boolean; readonly node: string }[], head: string): string {
  if (type !== 'vllm' && type !== 'trtllm_serve') return head;
  const leader = workers.find((p) => p.endpointMode === 'agg' && p.endpointIndex === 0 && p.isLeader);
  return leader?.node ?? head;
}

function headOptions(opts: PlanDeploymentOptions): HeadServiceOptions {
  return { natsBinary: opts.cluster?.nats_binary, etcdBinary: opts.cluster?.etcd_binary };
}
