import type { Backend, FrontendTargets, FrontendTopology, PlannedFile, PlannedProcess, RuntimeContext, SrtConfig } from '@srt/core';
import { buildDynamoFrontendCommand, buildDynamoFrontendEnvironment } from '../frontends/dynamo-frontend.ts';
import { buildNginxCommand, buildNginxConfFile } from '../frontends/nginx.ts';
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
  ctx: { readonly backend: Backend<C>; readonly config: C; readonly srtConfig: SrtConfig; readonly runtime: RuntimeContext; readonly mode: DeploymentMode },
): PlannedFrontends {
  const { backend, config, srtConfig, runtime, mode } = ctx;
  const processes: PlannedProcess[] = [];
  const files: PlannedFile[] = [];
  const bindings: PortBinding[] = [];
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
      const spec = backend.buildFrontendCommand({ index, node, port, targets, useSglangRouter: router, runtime, srtConfig, config });
      processes.push({ ...common, argv: spec.argv, env: spec.env, ...(spec.preamble === undefined ? {} : { preamble: spec.preamble }), container });
    } else if (router) {
      processes.push({ ...common, argv: buildSglangRouterCommand({ targets, port, frontend: srtConfig.frontend }), env: [], container: true });
    } else {
      const preamble = buildWorkerPreamble({ setupScript: srtConfig.setup_script, configsDir: configsDirFor(runtime), installDynamo: !mode.profilingEnabled });
      processes.push({
        ...common,
        argv: buildDynamoFrontendCommand(port, srtConfig.frontend),
        env: buildDynamoFrontendEnvironment(runtime),
        ...(preamble === undefined ? {} : { preamble }),
        container: true,
      });
    }
    bindings.push({ node, port, owner: name });
  });
  return { processes, files, bindings };
}
