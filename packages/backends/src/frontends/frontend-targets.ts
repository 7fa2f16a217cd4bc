import type { FrontendTargets, Process, RuntimeContext } from '@srt/core';
import { nodeAddress } from '../worker/node-address.ts';

/**
 * Leader URLs a frontend fronts (backends.md §7): every process with node rank 0, in
 * process order, addressed by `runtime.nodeAddrs` (never a lookup). `bootstrapPortOf`
 * gives a prefill leader's bootstrap port (the backend's, e.g. a recipe override).
 */
export function collectFrontendTargets(
  processes: readonly Process[],
  runtime: Pick<RuntimeContext, 'nodeAddrs'>,
  bootstrapPortOf: (p: Process) => number | undefined = (p) => p.bootstrapPort,
): FrontendTargets {
  const leaders = processes.filter((p) => p.nodeRank === 0);
  const url = (p: Process): string => `http://${nodeAddress(runtime, p.node)}:${p.httpPort}`;
  return {
    prefill: leaders.filter((p) => p.endpointMode === 'prefill').map((p) => ({ url: url(p), bootstrapPort: bootstrapPortOf(p) })),
    decode: leaders.filter((p) => p.endpointMode === 'decode').map(url),
    agg: leaders.filter((p) => p.endpointMode === 'agg').map(url),
  };
}
