import type { ConfigIssue } from './config-error.ts';
import { LIMITS } from './limits.ts';
import type { SrtErrorCode } from '../errors.ts';
import { formatCount } from '../format/format-count.ts';

const BOUNDS: Readonly<Record<string, number>> = {
  gpus_per_node: LIMITS.gpusPerNode,
  prefill_nodes: LIMITS.nodes,
  decode_nodes: LIMITS.nodes,
  agg_nodes: LIMITS.nodes,
  prefill_workers: LIMITS.workers,
  decode_workers: LIMITS.workers,
  agg_workers: LIMITS.workers,
};

const fmt = formatCount;

/**
 * `resources:` values past the sane bounds (`SRT_LIMIT_RESOURCES`), then a layout over the
 * planning budget of nodes × GPUs per node (`SRT_LIMIT_PLANNING`). Checked on the raw document
 * before anything loops over the sizes; values of the wrong type are left to the schema.
 */
export function resourceLimitIssues(document: Readonly<Record<string, unknown>>): { readonly code: SrtErrorCode; readonly issues: readonly ConfigIssue[] } | undefined {
  const resources = document['resources'];
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) return undefined;
  const r = resources as Readonly<Record<string, unknown>>;
  const issues: ConfigIssue[] = [];
  for (const [key, max] of Object.entries(BOUNDS)) {
    const value = r[key];
    if (typeof value === 'number' && value > max) {
      issues.push({ path: ['resources', key], message: `${fmt(value)} is over the limit of ${fmt(max)}: is it a typo?` });
    }
  }
  if (issues.length > 0) return { code: 'SRT_LIMIT_RESOURCES', issues };
  const num = (key: string, fallback: number): number => (typeof r[key] === 'number' && Number.isFinite(r[key]) ? (r[key] as number) : fallback);
  const nodes = Object.hasOwn(r, 'agg_nodes') || Object.hasOwn(r, 'agg_workers') ? num('agg_nodes', 1) : num('prefill_nodes', 0) + num('decode_nodes', 0);
  const gpus = nodes * num('gpus_per_node', 4);
  if (nodes > LIMITS.planNodes) {
    const message = `${fmt(nodes)} nodes, over the planning limit of ${fmt(LIMITS.planNodes)} nodes per job: split the deployment into several jobs`;
    return { code: 'SRT_LIMIT_PLANNING', issues: [{ path: ['resources'], message, atKey: true }] };
  }
  if (gpus > LIMITS.planGpus) {
    const message = `${fmt(nodes)} nodes × ${fmt(num('gpus_per_node', 4))} GPUs = ${fmt(gpus)} GPUs, over the planning limit of ${fmt(LIMITS.planGpus)} GPUs per job`;
    return { code: 'SRT_LIMIT_PLANNING', issues: [{ path: ['resources'], message, atKey: true }] };
  }
  return undefined;
}
