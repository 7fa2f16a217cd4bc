import { SrtError } from '../errors.ts';
import type { WorkerMode } from './types.ts';

/** Worker counts and sizes of a plan: everything allocation needs except the node list. */
export interface AllocationShape {
  readonly numPrefill: number;
  readonly numDecode: number;
  readonly numAgg: number;
  readonly gpusPerPrefill: number;
  readonly gpusPerDecode: number;
  readonly gpusPerAgg: number;
  readonly gpusPerNode: number;
}

/** One mode's share of the node requirement, e.g. 4 decode workers × 0.5 node. */
export interface RequiredNodesTerm {
  readonly mode: WorkerMode;
  readonly count: number;
  readonly gpusPerWorker: number;
  /** Nodes one worker occupies: whole nodes when it fills a node, else its fraction of one. */
  readonly nodesPerWorker: number;
}

/** How many nodes a plan needs, and why. */
export interface RequiredNodes {
  /** Nodes the allocator walks through (idle GPUs left by packing included). */
  readonly nodes: number;
  readonly terms: readonly RequiredNodesTerm[];
  /** `2 prefill × 1 node + 4 decode × 0.5 node` (`no workers` when there are none). */
  readonly breakdown: string;
}

/** A mode that starts at least one worker, in allocation order. */
export interface ModeSpec {
  readonly mode: WorkerMode;
  readonly count: number;
  readonly gpus: number;
}

/** Allocation cursor: next node index, GPUs used on it, and how many nodes were touched. */
interface Cursor {
  readonly idx: number;
  readonly off: number;
  readonly need: number;
}

/**
 * The nodes `allocateEndpoints` consumes for these counts, computed in O(modes) without a
 * node list (dry-run and submit check it before anything starts).
 *
 * @example
 * requiredNodes({ numPrefill: 2, numDecode: 4, numAgg: 0, gpusPerPrefill: 8, gpusPerDecode: 4, gpusPerAgg: 0, gpusPerNode: 8 })
 * // → { nodes: 4, breakdown: '2 prefill × 1 node + 4 decode × 0.5 node', ... }
 */
export function requiredNodes(shape: AllocationShape): RequiredNodes {
  const specs = modeSpecs(shape);
  let cursor: Cursor = { idx: 0, off: 0, need: 0 };
  for (const spec of specs) cursor = walkMode(cursor, spec, shape.gpusPerNode);
  const terms = specs.map((s) => ({
    mode: s.mode,
    count: s.count,
    gpusPerWorker: s.gpus,
    nodesPerWorker: s.gpus >= shape.gpusPerNode ? Math.ceil(s.gpus / shape.gpusPerNode) : s.gpus / shape.gpusPerNode,
  }));
  return { nodes: cursor.need, terms, breakdown: renderBreakdown(terms) };
}

/** Validated modes with at least one worker, in allocation order (prefill, decode, agg). */
export function modeSpecs(shape: AllocationShape): readonly ModeSpec[] {
  const { gpusPerNode } = shape;
  if (!Number.isSafeInteger(gpusPerNode) || gpusPerNode < 1) {
    throw new SrtError('SRT_PLAN_INVALID', `gpusPerNode must be a whole number of at least 1, got ${String(gpusPerNode)}: set resources.gpus_per_node`);
  }
  const all: readonly ModeSpec[] = [
    { mode: 'prefill', count: shape.numPrefill, gpus: shape.gpusPerPrefill },
    { mode: 'decode', count: shape.numDecode, gpus: shape.gpusPerDecode },
    { mode: 'agg', count: shape.numAgg, gpus: shape.gpusPerAgg },
  ];
  for (const s of all) {
    if (!Number.isSafeInteger(s.count)) {
      throw new SrtError('SRT_PLAN_INVALID', `the number of ${s.mode} workers must be a whole number, got ${String(s.count)}: fix resources.${s.mode}_workers`);
    }
    if (s.count > 0 && (!Number.isSafeInteger(s.gpus) || s.gpus < 0)) {
      throw new SrtError('SRT_PLAN_INVALID', `GPUs per ${s.mode} worker must be a whole number of 0 or more, got ${String(s.gpus)}: fix resources.${s.mode}_nodes / ${s.mode}_workers`);
    }
  }
  return all.filter((s) => s.count > 0);
}

/**
 * Advances the cursor over one mode exactly as the per-worker loop of `allocateEndpoints`
 * does (topology.md §2 with the T2 fix), in closed form.
 */
function walkMode(c: Cursor, { count: n, gpus: g }: ModeSpec, gpn: number): Cursor {
  if (g >= gpn) {
    const k = Math.ceil(g / gpn);
    const idx = (c.off > 0 ? c.idx + 1 : c.idx) + n * k;
    return { idx, off: 0, need: idx };
  }
  if (g === 0) return { idx: c.idx, off: c.off, need: Math.max(c.need, c.idx + 1) };
  let { idx, off } = c;
  if (off + g > gpn) {
    idx += 1;
    off = 0;
  }
  const fitsHere = Math.floor((gpn - off) / g);
  if (n <= fitsHere) {
    off += n * g;
    const need = Math.max(c.need, idx + 1);
    return off >= gpn ? { idx: idx + 1, off: 0, need } : { idx, off, need };
  }
  const perNode = Math.floor(gpn / g);
  const rest = n - fitsHere;
  const full = Math.floor(rest / perNode);
  const rem = rest % perNode;
  idx += 1;
  if (rem > 0) return { idx: idx + full, off: rem * g, need: idx + full + 1 };
  const need = idx + full;
  return perNode * g === gpn ? { idx: idx + full, off: 0, need } : { idx: idx + full - 1, off: perNode * g, need };
}

function renderBreakdown(terms: readonly RequiredNodesTerm[]): string {
  if (terms.length === 0) return 'no workers';
  return terms
    .map((t) => {
      const per = Number(t.nodesPerWorker.toFixed(3));
      return `${t.count} ${t.mode} × ${per} ${per === 0 || per > 1 ? 'nodes' : 'node'}`;
    })
    .join(' + ');
}
