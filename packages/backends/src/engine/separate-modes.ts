import type { AllocateOptions, Endpoint } from '@srt/core';
import { allocateEndpoints } from '@srt/core';

/** The vLLM colocation switches (engines.md §3.1, §3.8). */
export interface Colocation {
  readonly allow_prefill_decode_colocation: boolean;
  readonly allow_prefill_decode_colocation_across_nodes: boolean;
}

/**
 * Whether decode may share a partly used prefill node (engines.md §3.8): the switch is on, there
 * are prefill and decode workers, and all worker GPUs fit one node unless `…_across_nodes`.
 *
 * @example colocates({ allow_prefill_decode_colocation: true, allow_prefill_decode_colocation_across_nodes: false }, { numPrefill: 1, numDecode: 1, numAgg: 0, gpusPerPrefill: 4, gpusPerDecode: 4, gpusPerAgg: 0, gpusPerNode: 8 }) // → true
 */
export function colocates(c: Colocation | undefined, opts: Omit<AllocateOptions, 'availableNodes'>): boolean {
  if (c?.allow_prefill_decode_colocation !== true || opts.numPrefill <= 0 || opts.numDecode <= 0) return false;
  const total = opts.numPrefill * opts.gpusPerPrefill + opts.numDecode * opts.gpusPerDecode;
  return total <= opts.gpusPerNode || c.allow_prefill_decode_colocation_across_nodes;
}

/**
 * The engines' allocation (engines.md §1 "Allocation", v1.0.68): as `allocateEndpoints`, except
 * that decode starts on a fresh node when the prefill workers left their last node partly used
 * and another node exists, unless `colocate` (vLLM's colocation switches) lets it pack there.
 *
 * @example
 * allocateSeparatingModes({ numPrefill: 1, numDecode: 1, numAgg: 0, gpusPerPrefill: 4, gpusPerDecode: 4, gpusPerAgg: 0, gpusPerNode: 8, availableNodes: ['n0', 'n1'] }, false)
 * // → prefill_0 on n0 (GPUs 0-3), decode_0 on n1 (GPUs 0-3); with `true` decode_0 is on n0 (GPUs 4-7)
 */
export function allocateSeparatingModes(opts: AllocateOptions, colocate: boolean): readonly Endpoint[] {
  const packed = allocateEndpoints(opts);
  if (colocate || opts.numPrefill <= 0 || opts.numDecode <= 0) return packed;
  const prefill = packed.filter((e) => e.mode === 'prefill');
  const last = prefill.at(-1)!;
  const lastNode = opts.availableNodes.indexOf(last.nodes.at(-1)!);
  const partlyUsed = (last.gpuIndices.at(-1) ?? opts.gpusPerNode - 1) < opts.gpusPerNode - 1;
  if (!partlyUsed || lastNode + 1 >= opts.availableNodes.length) return packed;
  return [...prefill, ...allocateEndpoints({ ...opts, numPrefill: 0, availableNodes: opts.availableNodes.slice(lastNode + 1) })];
}
