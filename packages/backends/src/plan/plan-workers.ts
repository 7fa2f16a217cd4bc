import type { Backend, PlannedProcess, Process, RuntimeContext, SrtConfig, WorkerMode } from '@srt/core';
import { nsysPrefix, profilingEnv, SrtError, srtctlConfigsDir } from '@srt/core';
import { DIST_INIT_PORT } from '../sglang/worker-command.ts';
import { buildWorkerEnvironment } from '../worker/worker-environment.ts';
import { buildWorkerPreamble } from '../worker/worker-preamble.ts';
import type { GpuUse, PortBinding } from './validate-deployment.ts';
import { workerPortBindings } from './validate-deployment.ts';

/** How the deployment runs, decided once by `planDeployment`. */
export interface DeploymentMode {
  readonly useSglangRouter: boolean;
  readonly profilingEnabled: boolean;
  /** The backend's processes run in the job's image when the job uses one (`runsInContainer`, default true). */
  readonly container: boolean;
  /** They actually do: `container` under `container_runtime: pyxis`. */
  readonly inContainer: boolean;
}

/** Worker processes plus what validation needs to know about them. */
export interface PlannedWorkers {
  readonly processes: readonly PlannedProcess[];
  readonly gpuUses: readonly GpuUse[];
  readonly bindings: readonly PortBinding[];
}

/** Where setup scripts are, as workers see it: the `/configs` mount, or the host's `<srtctl root>/configs`. */
export function configsDirFor(
  runtime: Pick<RuntimeContext, 'containerRuntime' | 'srtctlRoot'>,
  inContainer: boolean = runtime.containerRuntime === 'pyxis',
): string {
  return inContainer ? '/configs' : srtctlConfigsDir(runtime.srtctlRoot);
}

/**
 * One planned process per worker process (orchestrator.md §2.2): name `<mode>_<index>_<node>`,
 * log `<log dir>/<node>_<mode>_w<index>.out`, the backend's argv with a per-worker config dump
 * (quirk B6) and nsys output under the log dir as the worker sees it (quirk B1), §4 env, §5 preamble.
 */
export function planWorkers<C>(
  workers: readonly Process[],
  ctx: { readonly backend: Backend<C>; readonly config: C; readonly srtConfig: SrtConfig; readonly runtime: RuntimeContext; readonly mode: DeploymentMode },
): PlannedWorkers {
  const { backend, config, srtConfig, runtime, mode } = ctx;
  assertExportableNames(runtime, [...new Set(workers.map((p) => p.endpointMode))], (m) => backend.environmentForMode(config, m));
  const groups = endpointGroups(workers);
  const processes: PlannedProcess[] = [];
  const gpuUses: GpuUse[] = [];
  const bindings: PortBinding[] = [];
  const wlog = runtime.workerPaths.logDir;
  for (const p of workers) {
    const m = p.endpointMode;
    const i = p.endpointIndex;
    const group = groups.get(endpointKey(p)) ?? [p];
    const name = `${m}_${i}_${p.node}`;
    const stem = `${p.node}_${m}_w${i}`;
    const argv = backend.buildWorkerCommand(p, group, runtime, {
      useSglangRouter: mode.useSglangRouter,
      profilingEnabled: mode.profilingEnabled,
      nsysPrefix: nsysPrefix(srtConfig.profiling, `${wlog}/${stem}_profile`),
      ...(srtConfig.enable_config_dump ? { dumpConfigPath: `${wlog}/${stem}_config.json` } : {}),
      config,
      srtConfig,
    });
    const env = buildWorkerEnvironment(p, runtime, {
      modeEnvironment: backend.environmentForMode(config, m),
      profilingEnvironment: profilingEnv(srtConfig.profiling, m, `${wlog}/profiles`),
    });
    const preamble = backend.buildWorkerPreamble
      ? backend.buildWorkerPreamble({ mode: m, useSglangRouter: mode.useSglangRouter, profilingEnabled: mode.profilingEnabled, runtime, srtConfig, config })
      : buildWorkerPreamble({
          setupScript: srtConfig.setup_script,
          configsDir: configsDirFor(runtime, mode.inContainer),
          // The pinned wheels go into the container's Python; a backend that runs on the host gets none.
          installDynamo: !mode.useSglangRouter && !mode.profilingEnabled && mode.container,
        });
    processes.push(workerProcess(p, { name, stem, argv, env, preamble, logDir: runtime.logDir, container: mode.container }));
    gpuUses.push({ node: p.node, gpus: p.gpuIndices, owner: name });
    const bootstrap = m === 'prefill' ? backend.bootstrapPort?.(config, p) ?? p.bootstrapPort : undefined;
    bindings.push(
      ...workerPortBindings(p, name, {
        servesHttp: mode.useSglangRouter || mode.profilingEnabled,
        // Dynamo mode: SGLang picks the bootstrap port unless the recipe sets one.
        bootstrapPort: mode.useSglangRouter || bootstrap !== p.bootstrapPort ? bootstrap : undefined,
        distInitPort: new Set(group.map((g) => g.node)).size > 1 ? DIST_INIT_PORT : undefined,
      }),
    );
  }
  return { processes, gpuUses, bindings };
}

/** `<mode>\0<index>`: the key of a worker's endpoint. */
const endpointKey = (p: Process): string => `${p.endpointMode}\u0000${p.endpointIndex}`;

/**
 * The workers of each endpoint, keyed by `endpointKey`, in plan order.
 *
 * @example endpointGroups(workers).get(endpointKey(workers[0])) // every process of the first worker's endpoint
 */
export function endpointGroups(workers: readonly Process[]): Map<string, Process[]> {
  const groups = new Map<string, Process[]>();
  for (const p of workers) {
    const key = endpointKey(p);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [p]);
    else group.push(p);
  }
  return groups;
}

/** What differs between two worker processes of a plan; the rest is the same for every backend. */
export interface WorkerProcessParts {
  /** `<mode>_<index>_<node>` (plus `_r<rank>` for a per-GPU rank). */
  readonly name: string;
  /** Log file stem: `<node>_<mode>_w<index>` (plus `_r<rank>`). */
  readonly stem: string;
  readonly argv: readonly string[];
  readonly env: readonly (readonly [string, string])[];
  readonly preamble: string | undefined;
  /** Host log directory. */
  readonly logDir: string;
  readonly container: boolean;
}

/**
 * One worker's planned process (orchestrator.md §2.2): role `worker`, its node, mode and index,
 * log `<log dir>/<stem>.out`, critical, no readiness check of its own (the health wait counts it).
 * The engine backends add their srun shape and export order on top.
 *
 * @example workerProcess(p, { name: 'prefill_0_n1', stem: 'n1_prefill_w0', argv, env, preamble: undefined, logDir: runtime.logDir, container: true })
 */
export function workerProcess(p: Process, parts: WorkerProcessParts): PlannedProcess {
  return {
    name: parts.name,
    role: 'worker',
    node: p.node,
    mode: p.endpointMode,
    index: p.endpointIndex,
    argv: parts.argv,
    env: parts.env,
    ...(parts.preamble === undefined ? {} : { preamble: parts.preamble }),
    logFile: `${parts.logDir}/${parts.stem}.out`,
    critical: true,
    container: parts.container,
    readiness: { kind: 'none' },
  };
}

const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Every worker variable becomes `export NAME=…` in bash: a name that is not a shell
 * identifier would abort the worker at start (the reference fails there); fail at plan time instead.
 */
function assertExportableNames(runtime: Pick<RuntimeContext, 'environment'>, modes: readonly WorkerMode[], modeEnv: (m: WorkerMode) => Readonly<Record<string, string>>): void {
  const bad = [
    ...Object.keys(runtime.environment).filter((k) => !SHELL_NAME.test(k)).map((k) => `environment.${k}`),
    ...modes.flatMap((m) => Object.keys(modeEnv(m)).filter((k) => !SHELL_NAME.test(k)).map((k) => `backend.${m === 'agg' ? 'aggregated' : m}_environment.${k}`)),
  ];
  if (bad.length > 0) {
    throw new SrtError('SRT_CONFIG_INVALID', 'Environment variable names must be shell names (letters, digits and _, not starting with a digit): rename them in the recipe', {
      details: bad.map((path) => `${path}: not a shell variable name`),
    });
  }
}
