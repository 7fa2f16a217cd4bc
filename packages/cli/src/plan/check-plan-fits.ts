import { type Endpoint, type FrontendTopology, type PlannedProcess, type Process, SrtError } from '@srt/core';

/** What the fit check reads from a deployment plan. */
export interface FitInput {
  readonly endpoints: readonly Endpoint[];
  readonly workerProcesses: readonly Process[];
  readonly frontendTopology: FrontendTopology;
  readonly processes: readonly PlannedProcess[];
  readonly gpusPerNode: number;
  readonly nodes: readonly string[];
}

/** Ports the head services bind (NATS client, etcd client and peer). */
const HEAD_PORTS = [
  [4222, 'NATS'],
  [2379, 'etcd'],
  [2380, 'etcd peer'],
] as const;

function gpuProblems(f: FitInput): string[] {
  const problems: string[] = [];
  const used = new Map<string, Map<number, string>>();
  const known = new Set(f.nodes);
  for (const ep of f.endpoints) {
    const owner = `${ep.mode} worker ${ep.index}`;
    for (const node of ep.nodes) {
      if (!known.has(node)) problems.push(`${owner} is placed on ${node}, which is not in the allocation`);
      const gpus = used.get(node) ?? new Map<number, string>();
      used.set(node, gpus);
      for (const g of ep.gpuIndices) {
        if (g < 0 || g >= f.gpusPerNode) problems.push(`${owner} uses GPU ${g} on ${node}, which has GPUs 0-${f.gpusPerNode - 1}`);
        const other = gpus.get(g);
        if (other !== undefined) problems.push(`${owner} and ${other} both use GPU ${g} on ${node}`);
        gpus.set(g, owner);
      }
    }
  }
  return problems;
}

function portClaims(f: FitInput): [string, number, string][] {
  const claims: [string, number, string][] = [];
  for (const p of f.workerProcesses) {
    const owner = `${p.endpointMode} worker ${p.endpointIndex}`;
    claims.push([p.node, p.sysPort, `${owner} (system port)`]);
    if (p.isLeader && p.httpPort > 0) claims.push([p.node, p.httpPort, `${owner} (HTTP)`]);
    if (p.isLeader && p.bootstrapPort !== undefined) claims.push([p.node, p.bootstrapPort, `${owner} (bootstrap)`]);
  }
  const t = f.frontendTopology;
  t.frontendNodes.forEach((node, i) => claims.push([node, t.frontendPort, `frontend ${i}`]));
  if (t.nginxNode !== undefined) claims.push([t.nginxNode, t.publicPort, 'nginx']);
  for (const p of f.processes.filter((x) => x.role === 'head')) for (const [port, what] of HEAD_PORTS) claims.push([p.node, port, what]);
  return claims;
}

function portProblems(f: FitInput): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const [node, port, owner] of portClaims(f)) {
    const key = `${node}:${port}`;
    const other = seen.get(key);
    if (other !== undefined && other !== owner) problems.push(`${owner} and ${other} both listen on port ${port} of ${node}`);
    else seen.set(key, owner);
  }
  return problems;
}

/**
 * Checks that a plan fits its allocation before anything starts: every worker on a node of
 * the allocation, no GPU used twice or past the node's count, no port claimed twice on a node.
 */
export function checkPlanFits(f: FitInput): void {
  const names = f.processes.map((p) => p.name);
  const dupName = names.find((n, i) => names.indexOf(n) !== i);
  const problems = [...gpuProblems(f), ...portProblems(f), ...(dupName === undefined ? [] : [`two processes are named ${dupName}`])];
  if (problems.length > 0) {
    throw new SrtError('SRT_PLAN_INVALID', `the plan does not fit its ${f.nodes.length}-node allocation: change resources.* so that the workers fit`, {
      details: problems,
    });
  }
}
