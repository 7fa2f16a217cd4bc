import { SrtError } from '../errors.ts';
import { type AllocationShape, modeSpecs, requiredNodes } from './required-nodes.ts';
import type { Endpoint, WorkerMode } from './types.ts';

export interface AllocateEndpointsOptions extends AllocationShape {
  /** Hostnames of the allocation in order; never copied. */
  readonly availableNodes: readonly string[];
}

const NO_GPUS: readonly number[] = Object.freeze([]);

/**
 * Places every worker on nodes and GPUs: prefill first, then decode, then agg, packing
 * workers smaller than a node left to right (across mode boundaries) and giving larger
 * ones `ceil(gpus / gpusPerNode)` whole nodes (topology.md §2).
 *
 * Two deviations from the reference: a whole-node worker after a partly used node starts
 * on the next node instead of double-booking GPUs (quirk T2), and running out of nodes
 * throws `SRT_NODES_EXHAUSTED` up front, naming the need (quirk T1).
 *
 * Identical GPU index lists, and the node lists of workers packed on one node, are shared
 * frozen arrays.
 *
 * @example
 * allocateEndpoints({ numPrefill: 1, numDecode: 2, numAgg: 0, gpusPerPrefill: 8, gpusPerDecode: 4,
 *   gpusPerAgg: 0, gpusPerNode: 8, availableNodes: ['n0', 'n1'] });
 * // → prefill_0 on n0 (GPUs 0-7), decode_0 on n1 (0-3), decode_1 on n1 (4-7)
 */
export function allocateEndpoints(opts: AllocateEndpointsOptions): Endpoint[] {
  const { availableNodes: nodes, gpusPerNode: gpn } = opts;
  const specs = modeSpecs(opts);
  const need = requiredNodes(opts);
  if (need.nodes > nodes.length) throw nodesExhausted(need.nodes, need.breakdown, nodes.length, specs);

  const wholeNode = gpuRange(0, gpn);
  const partial = new Map<number, readonly number[]>();
  const out: Endpoint[] = [];
  let idx = 0;
  let off = 0;
  // Workers packed onto one node share its one-element node list.
  let sharedIdx = -1;
  let shared: readonly string[] = [];
  for (const { mode, count, gpus: g } of specs) {
    if (g >= gpn) {
      const k = Math.ceil(g / gpn);
      if (off > 0) {
        idx += 1;
        off = 0;
      }
      for (let i = 0; i < count; i++) {
        out.push(new NewEndpoint(mode, i, k === 1 ? [nodes[idx] as string] : nodes.slice(idx, idx + k), wholeNode, gpn));
        idx += k;
      }
      continue;
    }
    for (let i = 0; i < count; i++) {
      if (off + g > gpn) {
        idx += 1;
        off = 0;
      }
      const key = off * (gpn + 1) + g;
      let gpuIndices = partial.get(key);
      if (gpuIndices === undefined) {
        gpuIndices = g === 0 ? NO_GPUS : gpuRange(off, g);
        partial.set(key, gpuIndices);
      }
      if (sharedIdx !== idx) {
        sharedIdx = idx;
        shared = Object.freeze([nodes[idx] as string]);
      }
      out.push(new NewEndpoint(mode, i, shared, gpuIndices, gpn));
      off += g;
      if (off >= gpn) {
        idx += 1;
        off = 0;
      }
    }
  }
  return out;
}

/** The stored fields of an endpoint; the others are derived from them. */
type EndpointFields = Pick<Endpoint, 'mode' | 'index' | 'nodes' | 'gpuIndices' | 'gpusPerNode'>;

/**
 * Prototype of every endpoint: derived fields are getters, so an endpoint's own
 * (enumerable) fields are exactly `{ mode, index, nodes, gpuIndices, gpusPerNode }` — what
 * equality checks and JSON see — while `leaderNode`, `numNodes`, `totalGpus` and
 * `isMultiNode` stay readable. Its `constructor` is still `Object`.
 */
const ENDPOINT_PROTOTYPE: object = Object.freeze(
  Object.create(Object.prototype, {
    leaderNode: { get(this: EndpointFields) { return this.nodes[0]; } },
    numNodes: { get(this: EndpointFields) { return this.nodes.length; } },
    totalGpus: { get(this: EndpointFields) { return this.nodes.length * this.gpuIndices.length; } },
    isMultiNode: { get(this: EndpointFields) { return this.nodes.length > 1; } },
  }),
);

type MutableFields = { -readonly [K in keyof EndpointFields]: EndpointFields[K] };

/**
 * Constructor of endpoints: `new` lets V8 size the objects exactly (five in-object fields),
 * and its prototype is `ENDPOINT_PROTOTYPE`, so `constructor` is still `Object`.
 */
function EndpointRecord(this: MutableFields, mode: WorkerMode, index: number, nodes: readonly string[], gpuIndices: readonly number[], gpusPerNode: number): void {
  this.mode = mode;
  this.index = index;
  this.nodes = nodes;
  this.gpuIndices = gpuIndices;
  this.gpusPerNode = gpusPerNode;
}
EndpointRecord.prototype = ENDPOINT_PROTOTYPE;

const NewEndpoint = EndpointRecord as unknown as new (
  mode: WorkerMode,
  index: number,
  nodes: readonly string[],
  gpuIndices: readonly number[],
  gpusPerNode: number,
) => Endpoint;

function gpuRange(start: number, length: number): readonly number[] {
  return Object.freeze(Array.from({ length }, (_, i) => start + i));
}

const NODE_KEYS: Readonly<Record<WorkerMode, string>> = {
  prefill: 'resources.prefill_nodes',
  decode: 'resources.decode_nodes',
  agg: 'resources.agg_nodes',
};

function nodesExhausted(need: number, breakdown: string, given: number, specs: readonly { readonly mode: WorkerMode }[]): SrtError {
  const keys = specs.map((s) => NODE_KEYS[s.mode]).join('/');
  return new SrtError(
    'SRT_NODES_EXHAUSTED',
    `Not enough nodes: need ${need} ${need === 1 ? 'node' : 'nodes'} (${breakdown}), allocation has ${given}. ` +
      `Raise ${keys} so the job requests ${need} ${need === 1 ? 'node' : 'nodes'}, lower the worker counts, or pass more nodes (e.g. \`srtctl dry-run --nodes ${need === 1 ? 'n1' : `n[1-${need}]`}\`).`,
  );
}
