import type { Backend, WorkerMode } from '@srt/core';
import { lastComponent } from '@srt/core';
import { nodeAddress } from '../worker/node-address.ts';
import { MockBackendSchema, type MockConfig, type MockFaultConfig } from './schema.ts';

/** The faults that apply to a worker (`<mode>` then `<mode>_<index>`, field by field) or to the frontend. */
export function mockFaultsFor(config: MockConfig, target: { readonly mode: WorkerMode; readonly index: number } | 'frontend'): MockFaultConfig {
  if (target === 'frontend') return config.faults['frontend'] ?? {};
  return { ...config.faults[target.mode], ...config.faults[`${target.mode}_${target.index}`] };
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
  return flags;
}

/**
 * The mock backend: every worker is `srtctl mock worker` (a plain Node process, no GPU, no
 * container) and the frontend is `srtctl mock frontend`, which answers the Dynamo or SGLang
 * router readiness format, so the whole flow runs anywhere.
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
    const leader = process.isLeader && process.httpPort > 0;
    return [
      ...runtime.selfCommand,
      'mock', 'worker',
      '--mode', process.endpointMode,
      '--index', String(process.endpointIndex),
      '--node-rank', String(process.nodeRank),
      '--host', nodeAddress(runtime, process.node),
      '--port', String(leader ? process.httpPort : 0),
      '--model', model,
      '--startup-delay-s', String(config.startup_delay_s),
      '--ttft-ms', String(config.ttft_ms),
      '--itl-ms', String(config.itl_ms),
      '--tokens-per-chunk', String(config.tokens_per_chunk),
      '--output-tokens', String(config.output_tokens),
      ...(leader ? buildMockFaultFlags(mockFaultsFor(config, { mode: process.endpointMode, index: process.endpointIndex })) : []),
    ];
  },
  buildFrontendCommand({ node, port, targets, runtime, config, useSglangRouter }) {
    const format = useSglangRouter ? 'sglang-router' : 'dynamo';
    const argv = [
      ...runtime.selfCommand,
      'mock', 'frontend',
      '--format', format,
      '--host', nodeAddress(runtime, node),
      '--port', String(port),
      '--poll-interval-ms', String(config.frontend_poll_interval_ms),
      ...targets.prefill.flatMap((p) => ['--prefill', p.bootstrapPort === undefined ? p.url : `${p.url},${p.bootstrapPort}`]),
      ...targets.decode.flatMap((u) => ['--decode', u]),
      ...targets.agg.flatMap((u) => ['--agg', u]),
      ...buildMockFaultFlags(mockFaultsFor(config, 'frontend')),
    ];
    return { argv, env: [] };
  },
  usesHeadServices: (config) => config.head_services,
  runsInContainer: () => false,
} as const satisfies Backend<MockConfig>;
