import type { Backend, PlannedProcess, RuntimeContext, SrtConfig } from '@srt/core';
import { allocateEndpoints, computeFrontendTopology, deriveResources, endpointsToProcesses, isProfilingEnabled } from '@srt/core';
import { collectFrontendTargets } from '../frontends/frontend-targets.ts';
import { buildHeadServices, ETCD_CLIENT_PORT, ETCD_PEER_PORT, NATS_PORT, type HeadServiceOptions } from '../head/build-head-services.ts';
import { getBackend } from '../registry.ts';
import type { DeploymentPlan } from './deployment-plan.ts';
import { parseBackendSection } from './parse-backend-section.ts';
import { planFrontends } from './plan-frontends.ts';
import { planHealth } from './plan-health.ts';
import { planWorkers, type DeploymentMode } from './plan-workers.ts';
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
 * health check. Pure. Allocation errors (`SRT_NODES_EXHAUSTED`) and conflicts
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
  const mode: DeploymentMode = {
    useSglangRouter: srtConfig.frontend.use_sglang_router || profilingEnabled,
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
  });
  const workers = (backend.endpointsToProcesses ?? endpointsToProcesses)(endpoints);
  const ctx = { backend, config, srtConfig, runtime, mode };

  const head = (backend.usesHeadServices?.(config, srtConfig) ?? true) ? buildHeadServices(runtime, { ...headOptions(opts), inContainer: mode.inContainer }) : [];
  const planned = planWorkers(workers, ctx);
  const topology = computeFrontendTopology(runtime.nodes, srtConfig.frontend);
  const targets = collectFrontendTargets(workers, runtime, (p) => backend.bootstrapPort?.(config, p) ?? p.bootstrapPort);
  const frontends = planFrontends(topology, targets, ctx);

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
    processes: [...head, ...planned.processes.map(own), ...frontends.processes.map(own)],
    files: frontends.files,
    health: planHealth(srtConfig, runtime, topology, { ...r, useSglangRouter: mode.useSglangRouter }),
    useSglangRouter: mode.useSglangRouter,
  };
}

function headOptions(opts: PlanDeploymentOptions): HeadServiceOptions {
  return { natsBinary: opts.cluster?.nats_binary, etcdBinary: opts.cluster?.etcd_binary };
}
