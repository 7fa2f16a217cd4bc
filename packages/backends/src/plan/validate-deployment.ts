import type { Process } from '@srt/core';
import { SrtError } from '@srt/core';

/** A TCP port a planned process listens on. */
export interface PortBinding {
  readonly node: string;
  readonly port: number;
  /** Who binds it, for the message: `prefill_0_n01 (HTTP)`. */
  readonly owner: string;
}

/** The GPUs a worker process uses on its node. */
export interface GpuUse {
  readonly node: string;
  readonly gpus: readonly number[];
  readonly owner: string;
}

/**
 * Problems that would make the deployment fail at run time: a GPU given to two workers on
 * one node, or one port bound twice on a node. Returns one line per problem.
 */
export function findDeploymentConflicts(gpuUses: readonly GpuUse[], bindings: readonly PortBinding[]): string[] {
  const problems: string[] = [];
  const gpuOwner = new Map<string, string>();
  for (const w of gpuUses) {
    for (const gpu of w.gpus) {
      const key = `${w.node}\u0000${gpu}`;
      const first = gpuOwner.get(key);
      if (first === undefined) gpuOwner.set(key, w.owner);
      else problems.push(`GPU ${gpu} on ${w.node} is given to both ${first} and ${w.owner}`);
    }
  }
  const portOwner = new Map<string, string>();
  for (const b of bindings) {
    const key = `${b.node}\u0000${b.port}`;
    const first = portOwner.get(key);
    if (first === undefined) portOwner.set(key, b.owner);
    else problems.push(`port ${b.port} on ${b.node} is bound by both ${first} and ${b.owner}`);
  }
  return problems;
}

/** Throws `SRT_PLAN_INVALID` listing every conflict, before anything starts. */
export function assertNoDeploymentConflicts(gpuUses: readonly GpuUse[], bindings: readonly PortBinding[]): void {
  const problems = findDeploymentConflicts(gpuUses, bindings);
  if (problems.length === 0) return;
  throw new SrtError(
    'SRT_PLAN_INVALID',
    `The deployment plan has ${problems.length} conflict${problems.length === 1 ? '' : 's'}: change the worker sizes in resources, or the ports in the backend's option maps (e.g. disaggregation-bootstrap-port, data-parallel-rpc-port), so no GPU or port is used twice on a node`,
    { details: problems },
  );
}

/** Ports a worker process binds, given how it is launched. */
export function workerPortBindings(
  process: Process,
  name: string,
  opts: { readonly servesHttp: boolean; readonly bootstrapPort: number | undefined; readonly distInitPort: number | undefined },
): PortBinding[] {
  const out: PortBinding[] = [{ node: process.node, port: process.sysPort, owner: `${name} (DYN_SYSTEM_PORT)` }];
  if (process.nodeRank !== 0) return out;
  if (opts.servesHttp && process.httpPort > 0) out.push({ node: process.node, port: process.httpPort, owner: `${name} (HTTP)` });
  if (opts.bootstrapPort !== undefined) out.push({ node: process.node, port: opts.bootstrapPort, owner: `${name} (bootstrap)` });
  if (opts.distInitPort !== undefined) out.push({ node: process.node, port: opts.distInitPort, owner: `${name} (dist-init)` });
  return out;
}
