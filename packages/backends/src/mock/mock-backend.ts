import type { Backend, RuntimeContext, WorkerMode } from '@srt/core';
import { allocateEndpoints, frontendType, hfModelId, lastComponent } from '@srt/core';
import { allocateSeparatingModes } from '../engine/separate-modes.ts';
import { pyYamlDump } from '../engine/py-yaml-dump.ts';
import { configsDirFor } from '../plan/plan-workers.ts';
import { engineConfigPath } from '../trtllm/worker-command.ts';
import { eplbShmName } from '../trtllm/index.ts';
import { vllmBackend } from '../vllm/index.ts';
import { nodeAddress } from '../worker/node-address.ts';
import { buildWorkerPreamble } from '../worker/worker-preamble.ts';
import { mockAsVllm, mockHealthExpectations, mockLaunch, mockProcesses } from './engine-layout.ts';
import { MockBackendSchema, type MockConfig, type MockFaultConfig } from './schema.ts';

/** The faults that apply to a worker (`<mode>` then `<mode>_<index>`, field by field) or to the frontend. */
export function mockFaultsFor(config: MockConfig, target: { readonly mode: WorkerMode; readonly index: number; readonly rank?: number | undefined } | 'frontend'): MockFaultConfig {
  if (target === 'frontend') return config.faults['frontend'] ?? {};
  const rank = target.rank === undefined ? {} : config.faults[`${target.mode}_${target.index}_r${target.rank}`];
  return { ...config.faults[target.mode], ...config.faults[`${target.mode}_${target.index}`], ...rank };
}

/** CLI flags of `srtctl mock worker|frontend` for `faults`, in a fixed order. */
export function buildMockFaultFlags(faults: MockFaultConfig): string[] {
  const flags: string[] = [];
  const value = (flag: string, v: number | undefined): void => {
    if (v !== undefined) flags.push(flag, String(v));
  };
  value('--crash-after-requests', faults.crash_after_requests);
  value('--crash-after-s', faults.crash_after_s);
  value('--crash-exit-code', faults.crash_exit_code);
  if (faults.never_healthy === true) flags.push('--never-healthy');
  value('--error-rate', faults.error_rate);
  value('--error-status', faults.error_status);
  if (faults.zero_tokens === true) flags.push('--zero-tokens');
  value('--freeze-after-requests', faults.freeze_after_requests);
  return flags;
}

/** `--processes N|auto` of a serving mock process (`backend.processes`); nothing for one process. */
const processesFlag = (config: MockConfig): string[] => (config.processes === undefined || config.processes === 1 ? [] : ['--processes', String(config.processes)]);

/** Where the srtctl bundle is inside the container (`in_container: true` under pyxis): mounted read-only by the plan. */
export const MOCK_BUNDLE_IN_CONTAINER = '/srtctl/srtctl.mjs';

const inContainer = (config: MockConfig, runtime: Pick<RuntimeContext, 'containerRuntime'>): boolean => config.in_container && runtime.containerRuntime === 'pyxis';

/**
 * How a mock process runs srtctl: on the host the job's own command (`node <bundle>`); in the
 * container `node` of the image and the bundle at `/srtctl/srtctl.mjs`, which
 * `containerMounts` declares (the bundle is one self-contained file).
 */
function mockSelfCommand(config: MockConfig, runtime: RuntimeContext): readonly string[] {
  return inContainer(config, runtime) ? ['node', MOCK_BUNDLE_IN_CONTAINER] : runtime.selfCommand;
}

/**
 * The mock backend: every worker is `srtctl mock worker` (a plain Node process, no GPU) and
 * the frontend is `srtctl mock frontend`, which answers the Dynamo or SGLang router readiness
 * format, so the whole flow runs anywhere. They run on the nodes outside any container unless
 * `in_container: true`: then, under pyxis, in `model.container` like a real engine (the image
 * needs `node`; the plan mounts the bundle), with head services and nginx in it too.
 *
 * @example
 * const argv = mockBackend.buildWorkerCommand(process, group, runtime, { config, srtConfig, useSglangRouter: false, profilingEnabled: false });
 */
export const mockBackend = {
  type: 'mock',
  schema: MockBackendSchema,
  configForMode: () => ({}),
  environmentForMode: () => ({}),
  buildWorkerCommand(process, _endpointProcesses, runtime, { config, srtConfig }) {
    const model = config.served_model_name ?? lastComponent(srtConfig.model.path);
    const hfId = hfModelId(runtime.modelPath);
    const type = frontendType(srtConfig.frontend);
    // vllm / aggregated trtllm_serve: the agg leader is the public server on port 8000 (engines.md §10.2).
    const publicServer = process.endpointMode === 'agg' && process.isLeader && (type === 'vllm' || type === 'trtllm_serve');
    const leader = process.isLeader && (process.httpPort > 0 || publicServer);
    const port = publicServer ? runtime.frontendPort : leader ? process.httpPort : 0;
    // A per-GPU rank's own faults (`decode_0_r3`) reach that rank even though it serves nothing (E1).
    const rankFaults = process.dpRank !== undefined && !leader ? mockFaultsFor(config, { mode: process.endpointMode, index: process.endpointIndex, rank: process.dpRank }) : undefined;
    return [
      ...mockSelfCommand(config, runtime),
      'mock', 'worker',
      '--mode', process.endpointMode,
      '--index', String(process.endpointIndex),
      '--node-rank', String(process.nodeRank),
      '--host', nodeAddress(runtime, process.node),
      '--port', String(port),
      '--model', model,
      // An `hf:` model: the worker loads it from the Hugging Face cache only (engines.md §7).
      ...(hfId === undefined ? [] : ['--hf-model', hfId]),
      '--startup-delay-s', String(config.startup_delay_s),
      '--ttft-ms', String(config.ttft_ms),
      '--itl-ms', String(config.itl_ms),
      '--tokens-per-chunk', String(config.tokens_per_chunk),
      '--output-tokens', String(config.output_tokens),
      ...(leader ? processesFlag(config) : []),
      ...(leader ? buildMockFaultFlags(mockFaultsFor(config, { mode: process.endpointMode, index: process.endpointIndex, rank: process.dpRank })) : []),
      ...(rankFaults?.crash_after_s === undefined ? [] : ['--crash-after-s', String(rankFaults.crash_after_s), ...(rankFaults.crash_exit_code === undefined ? [] : ['--crash-exit-code', String(rankFaults.crash_exit_code)])]),
    ];
  },
  buildFrontendCommand({ node, port, targets, runtime, config, useSglangRouter, frontendType: type, serConfigPath }) {
    const format = type === 'trtllm_serve' ? 'trtllm-serve' : useSglangRouter ? 'sglang-router' : 'dynamo';
    const fromSer = type === 'trtllm_serve' && serConfigPath !== undefined;
    const argv = [
      ...mockSelfCommand(config, runtime),
      'mock', 'frontend',
      '--format', format,
      ...(config.engine === undefined || config.engine === 'sglang' ? [] : ['--engine', config.engine]),
      ...(fromSer ? ['--ser-config', serConfigPath] : []),
      '--host', nodeAddress(runtime, node),
      '--port', String(port),
      '--poll-interval-ms', String(config.frontend_poll_interval_ms),
      ...(fromSer ? [] : targets.prefill.flatMap((p) => ['--prefill', p.bootstrapPort === undefined ? p.url : `${p.url},${p.bootstrapPort}`])),
      ...(fromSer ? [] : targets.decode.flatMap((u) => ['--decode', u])),
      ...(fromSer ? [] : targets.agg.flatMap((u) => ['--agg', u])),
      ...processesFlag(config),
      ...buildMockFaultFlags(mockFaultsFor(config, 'frontend')),
    ];
    return { argv, env: [] };
  },
  // The setup script only: no Dynamo install (a mock worker imports nothing).
  buildWorkerPreamble: ({ runtime, srtConfig, config }) => buildWorkerPreamble({ setupScript: srtConfig.setup_script, configsDir: configsDirFor(runtime, inContainer(config, runtime)), installDynamo: false }),
  usesHeadServices: (config) => config.head_services,
  runsInContainer: (config) => config.in_container,
  containerMounts: (config, runtime) => {
    const bundle = runtime.selfCommand.at(-1);
    return inContainer(config, runtime) && bundle !== undefined ? [{ host: bundle, container: MOCK_BUNDLE_IN_CONTAINER }] : [];
  },
  // engines.md §10.1: with `engine: vllm|trtllm` the mock reuses the engine's layout, launch style,
  // health counts and files, but still runs `srtctl mock worker|frontend`.
  // An engine mock allocates as its engine does (decode off a partly used prefill node); SGLang packs.
  allocateEndpoints: (opts, config) => (config.engine === 'vllm' || config.engine === 'trtllm' ? allocateSeparatingModes(opts, false) : allocateEndpoints(opts)),
  endpointsToProcesses: (endpoints, opts) => mockProcesses(endpoints, opts!.config!, frontendType(opts!.srtConfig!.frontend)),
  healthExpectations: mockHealthExpectations,
  // The engine's per-process variables (vLLM ports, TRTLLM_EPLB_SHM_NAME), so mock runs show the real environment.
  processEnvironment: (config, p, ctx) => (config.engine === 'vllm' ? vllmBackend.processEnvironment(mockAsVllm(config), p, ctx) : []),
  endpointEnvironment: (config, p, { runtime }) => (config.engine === 'trtllm' ? [['TRTLLM_EPLB_SHM_NAME', eplbShmName(runtime.jobId, p.endpointMode, p.endpointIndex)]] : []),
  envToUnset: (config, p, group) => (config.engine === 'vllm' ? vllmBackend.envToUnset(mockAsVllm(config), p, group) : []),
  // An SGLang mock (the default) returns undefined and keeps the classic worker shape.
  launch: mockLaunch,
  plannedFiles: (config, { runtime, modes }) =>
    config.engine === 'trtllm' ? modes.map((mode) => ({ path: engineConfigPath(runtime.logDir, mode), content: pyYamlDump({ ...(config.engine_config?.[mode === 'agg' ? 'aggregated' : mode] ?? {}) }) })) : [],
} as const satisfies Backend<MockConfig>;
