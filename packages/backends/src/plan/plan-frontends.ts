import type { Backend, FrontendTargets, FrontendTopology, FrontendType, PlannedFile, PlannedProcess, Process, RuntimeContext, SrtConfig, StartGate } from '@srt/core';
import { buildEngineDynamoFrontend } from '../frontends/engine-dynamo-frontend.ts';
import { planTrtllmServe } from '../frontends/trtllm-serve.ts';
import { buildDynamoFrontendCommand, buildDynamoFrontendEnvironment } from '../frontends/dynamo-frontend.ts';
import { buildNginxCommand, buildNginxConfFile } from '../frontends/nginx.ts';
import { buildFrontendArgs } from '../frontends/frontend-args.ts';
import { buildSglangRouterCommand } from '../frontends/sglang-router.ts';
import { buildWorkerPreamble } from '../worker/worker-preamble.ts';
import type { DeploymentMode } from './plan-workers.ts';
import { configsDirFor } from './plan-workers.ts';
import type { PortBinding } from './validate-deployment.ts';

/** nginx (when used) then the frontends, with the file nginx needs and the ports they bind. */
export interface PlannedFrontends {
  readonly processes: readonly PlannedProcess[];
  readonly files: readonly PlannedFile[];
  readonly bindings: readonly PortBinding[];
  /** Gates before frontends start (trtllm_serve waits for its workers). */
  readonly gates: readonly StartGate[];
}

/** What the frontend registry needs besides the backend. */
export interface FrontendPlanContext<C> {
  readonly backend: Backend<C>;
  readonly config: C;
  readonly srtConfig: SrtConfig;
  readonly runtime: RuntimeContext;
  readonly mode: DeploymentMode;
  readonly frontendType: FrontendType;
  readonly workers: readonly Process[];
}

/**
 * The frontend layer (orchestrator.md §2.3): nginx on the head in front of several frontends,
 * or one frontend on the head. Each frontend is the backend's own (`buildFrontendCommand`),
 * else an SGLang router (`sglang_router_<i>`, log `<node>_router_<i>.out`) or a Dynamo
 * frontend (`frontend_<i>`, log `<node>_frontend_<i>.out`).
 */
export function planFrontends<C>(
  topology: FrontendTopology,
  targets: FrontendTargets,
  ctx: FrontendPlanContext<C>,
): PlannedFrontends {
  const { backend, config, srtConfig, runtime, mode, frontendType } = ctx;
  const processes: PlannedProcess[] = [];
  const files: PlannedFile[] = [];
  const bindings: PortBinding[] = [];
  const gates: StartGate[] = [];
  const agg = ctx.workers.some((p) => p.endpointMode === 'agg');
  // vllm and aggregated trtllm_serve: the agg worker is the public server (engines.md §5.2).
  if (frontendType === 'vllm' || (frontendType === 'trtllm_serve' && agg)) return { processes, files, bindings, gates };
  if (frontendType === 'trtllm_serve') {
    const node = topology.frontendNodes[0] ?? runtime.nodes.head;
    const name = 'trtllm_serve_orchestrator';
    const serve = planTrtllmServe(ctx.workers, runtime, srtConfig.frontend, name);
    const serPath = `${runtime.workerPaths.logDir}/ser.yaml`;
    files.push(serve.file);
    gates.push(...serve.gates);
    const common = { name, role: 'frontend', node, index: 0, logFile: `${runtime.logDir}/${node}_trtllm_serve_orchestrator.out`, critical: true, readiness: { kind: 'none' } } as const;
    const port = topology.publicPort;
    if (backend.buildFrontendCommand) {
      const spec = backend.buildFrontendCommand({ index: 0, node, port, targets, useSglangRouter: false, frontendType, serConfigPath: serve.file.path, runtime, srtConfig, config });
      processes.push({ ...common, argv: spec.argv, env: spec.env, container: mode.container });
    } else {
      processes.push({
        ...common,
        argv: ['trtllm-serve', 'disaggregated', '--config', serPath, ...buildFrontendArgs(srtConfig.frontend, false)],
        env: Object.entries(srtConfig.frontend.env ?? {}),
        container: true,
        exportsFirst: true,
        srun: { mpi: 'pmix', recipeOptions: true },
      });
    }
    bindings.push({ node, port, owner: name });
    return { processes, files, bindings, gates };
  }
  // nginx and a backend's own frontend share the workers' placement; the Dynamo frontend and the
  // SGLang router are Python modules of the image, so they always run in it (under pyxis).
  const { container, inContainer } = mode;
  if (topology.usesNginx && topology.nginxNode !== undefined) {
    const node = topology.nginxNode;
    files.push(buildNginxConfFile(topology, runtime));
    const cmd = buildNginxCommand(runtime, inContainer);
    processes.push({
      name: 'nginx',
      role: 'nginx',
      node,
      argv: cmd.argv,
      env: [],
      ...(cmd.preamble === undefined ? {} : { preamble: cmd.preamble }),
      ...(cmd.pidFile === undefined ? {} : { pidFile: cmd.pidFile }),
      logFile: `${runtime.logDir}/${node}_nginx.out`,
      critical: true,
      container: inContainer,
      readiness: { kind: 'none' },
    });
    bindings.push({ node, port: topology.publicPort, owner: 'nginx' });
  }
  topology.frontendNodes.forEach((node, index) => {
    const router = mode.useSglangRouter;
    const name = router ? `sglang_router_${index}` : `frontend_${index}`;
    const logFile = `${runtime.logDir}/${node}_${router ? 'router' : 'frontend'}_${index}.out`;
    const port = topology.frontendPort;
    const common = { name, role: 'frontend', node, index, logFile, critical: true, readiness: { kind: 'none' } } as const;
    if (backend.buildFrontendCommand) {
      const spec = backend.buildFrontendCommand({ index, node, port, targets, useSglangRouter: router, frontendType, runtime, srtConfig, config });
      processes.push({ ...common, argv: spec.argv, env: spec.env, ...(spec.preamble === undefined ? {} : { preamble: spec.preamble }), container });
    } else if (router) {
      processes.push({ ...common, argv: buildSglangRouterCommand({ targets, port, frontend: srtConfig.frontend }), env: [], container: true });
    } else if (backend.launch?.(config) !== undefined) {
      processes.push({ ...common, ...buildEngineDynamoFrontend(port, srtConfig, runtime, mode.inContainer), container: true });
    } else {
      const preamble = buildWorkerPreamble({ setupScript: srtConfig.setup_script, configsDir: configsDirFor(runtime), installDynamo: !mode.profilingEnabled });
      processes.push({
        ...common,
        argv: buildDynamoFrontendCommand(port, srtConfig.frontend),
        env: [...buildDynamoFrontendEnvironment(runtime), ...Object.entries(srtConfig.frontend.env ?? {})],
        ...(preamble === undefined ? {} : { preamble }),
        container: true,
      });
    }
    bindings.push({ node, port, owner: name });
  });
  return { processes, files, bindings, gates };
}
