import type { ConfigIssue } from './config-error.ts';
import type { RuleInput } from './config-rule.ts';
import { deriveResources } from './derive-resources.ts';
import type { ResourcesConfig } from './schema.ts';

type Role = 'prefill' | 'decode' | 'agg';

const counts = (r: ResourcesConfig, role: Role) =>
  ({ nodes: r[`${role}_nodes`], workers: r[`${role}_workers`] }) as const;

/**
 * Worker counts must start something (fix C7): a disaggregated recipe needs prefill and
 * decode workers on prefill and decode nodes; an aggregated one needs agg workers; the two
 * layouts do not mix.
 */
export function workerCountRule({ config }: RuleInput): readonly ConfigIssue[] {
  const r = config.resources;
  const d = deriveResources(r);
  const issues: ConfigIssue[] = [];
  for (const role of ['prefill', 'decode'] as const) {
    const { nodes, workers } = counts(r, role);
    // A count of 0 starts nothing, so it needs no nodes (the reference runs such recipes).
    if (workers && nodes == null) {
      issues.push({ path: ['resources', `${role}_workers`], message: `${role}_workers needs ${role}_nodes: set how many nodes the ${role} workers use` });
    } else if (d.isDisaggregated && !workers) {
      issues.push({ path: ['resources', `${role}_workers`], message: `a disaggregated recipe needs at least 1 ${role} worker: set ${role}_workers (and ${role}_nodes)` });
    }
    if (d.isDisaggregated && !nodes && workers) {
      issues.push({ path: ['resources', `${role}_nodes`], message: `${role}_nodes must be at least 1 when ${role}_workers is set` });
    }
  }
  // agg workers in a disaggregated recipe would be placed past its nodes (the reference
  // crashes); agg_nodes alone is ignored there (see ignoredAggNodesWarning).
  if (d.isDisaggregated && r.agg_workers) {
    issues.push({ path: ['resources', 'agg_workers'], message: 'agg_nodes/agg_workers cannot be combined with prefill_nodes/decode_nodes: a recipe is either disaggregated (prefill_*/decode_*) or aggregated (agg_*)' });
  }
  const anyDisaggCount = Boolean(r.prefill_workers || r.decode_workers);
  if (!d.isDisaggregated && !anyDisaggCount && !r.agg_workers) {
    issues.push({ path: ['resources', 'agg_workers'], message: 'no workers to start: set agg_workers (aggregated) or prefill_/decode_ nodes and workers (disaggregated)' });
  }
  return issues;
}

/** `agg_nodes` in a disaggregated recipe is ignored (as by the reference): say so. */
export function ignoredAggNodesWarning({ config }: RuleInput): readonly ConfigIssue[] {
  const r = config.resources;
  if (!deriveResources(r).isDisaggregated || !r.agg_nodes || r.agg_workers) return [];
  const message = 'ignored: a recipe with prefill_nodes/decode_nodes is disaggregated and does not use agg_nodes; delete it';
  return [{ path: ['resources', 'agg_nodes'], message, atKey: true }];
}

/** Every worker needs at least one GPU (fix T4). */
export function gpusPerWorkerRule({ config }: RuleInput): readonly ConfigIssue[] {
  const r = config.resources;
  const gpn = r.gpus_per_node;
  return (['prefill', 'decode', 'agg'] as const).flatMap((role): ConfigIssue[] => {
    const { nodes, workers } = counts(r, role);
    if (!nodes || !workers || nodes * gpn >= workers) return [];
    const message = `${workers} ${role} workers on ${nodes} node(s) × ${gpn} GPUs leaves less than 1 GPU per worker: use at most ${nodes * gpn} workers or more nodes`;
    return [{ path: ['resources', `${role}_workers`], message }];
  });
}

/**
 * Warns when worker sizes leave GPUs idle (quirk T3): nodes × GPUs not split evenly over
 * the workers, or a worker size that neither divides nor is a multiple of a node.
 */
export function workerSizeWarning({ config }: RuleInput): readonly ConfigIssue[] {
  const r = config.resources;
  const gpn = r.gpus_per_node;
  return (['prefill', 'decode', 'agg'] as const).flatMap((role): ConfigIssue[] => {
    const { nodes, workers } = counts(r, role);
    if (!nodes || !workers || nodes * gpn < workers) return [];
    const g = Math.floor((nodes * gpn) / workers);
    const path = ['resources', `${role}_workers`];
    if ((nodes * gpn) % workers !== 0) {
      return [{ path, message: `${nodes} node(s) × ${gpn} GPUs do not split evenly over ${workers} ${role} workers: each gets ${g} GPUs and ${nodes * gpn - g * workers} stay idle` }];
    }
    if (g < gpn ? gpn % g !== 0 : g % gpn !== 0) {
      const detail = g < gpn ? `does not divide the ${gpn} GPUs of a node` : `is not a multiple of ${gpn} GPUs per node, so each worker takes ${Math.ceil(g / gpn)} whole nodes`;
      return [{ path, message: `each ${role} worker gets ${g} GPUs, which ${detail}: some GPUs stay idle` }];
    }
    return [];
  });
}
