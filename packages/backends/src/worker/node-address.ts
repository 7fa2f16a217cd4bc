import type { RuntimeContext } from '@srt/core';

/**
 * A node's address from `runtime.nodeAddrs`, resolved once at the edge. A missing node is a
 * bug in whoever built the runtime (every allocated node is resolved), so it throws a plain Error.
 */
export function nodeAddress(runtime: Pick<RuntimeContext, 'nodeAddrs'>, node: string): string {
  const addr = runtime.nodeAddrs.get(node);
  if (addr === undefined) throw new Error(`no address for node ${JSON.stringify(node)} in runtime.nodeAddrs (readCluster resolves every node)`);
  return addr;
}
