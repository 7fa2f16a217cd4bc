import type { FrontendType, PlannedProcess, Process, RuntimeContext, StartGate } from '@srt/core';
import { nodeAddress } from '../worker/node-address.ts';

/**
 * `sequential_node_start: N` (engines.md §4.7): endpoints sharing a leader node start in
 * batches of N; every endpoint of a later batch waits for `/health` of the previous batch's
 * endpoints (the HTTP port for trtllm_serve, else the Dynamo system port). Nodes proceed in
 * parallel; a node with one endpoint starts it at once. Gates abort when the run stops (E10).
 */
export function sequentialStartGates(planned: readonly PlannedProcess[], workers: readonly Process[], runtime: Pick<RuntimeContext, 'nodeAddrs'>, batch: number, type: FrontendType): StartGate[] {
  const byNode = new Map<string, { readonly name: string; readonly leader: Process }[]>();
  for (const p of planned) {
    if (p.role !== 'worker') continue;
    const leader = workers.find((w) => w.isLeader && w.endpointMode === p.mode && w.endpointIndex === p.index);
    if (leader === undefined) continue;
    byNode.set(leader.node, [...(byNode.get(leader.node) ?? []), { name: p.name, leader }]);
  }
  const gates: StartGate[] = [];
  for (const [node, endpoints] of byNode) {
    for (let start = batch; start < endpoints.length; start += batch) {
      const before = endpoints.slice(start, start + batch).map((e) => e.name);
      for (const prev of endpoints.slice(start - batch, start)) {
        const port = type === 'trtllm_serve' ? prev.leader.httpPort : prev.leader.sysPort;
        gates.push({
          label: `Sequential node start: worker ${node}:${port}`,
          url: `http://${nodeAddress(runtime, node)}:${port}/health`,
          before,
          failure: `Sequential node start: worker on ${node}:${port} did not become healthy`,
        });
      }
    }
  }
  return gates;
}
