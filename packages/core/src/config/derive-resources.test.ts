import { describe, expect, it } from 'vitest';
import { deriveResources } from './derive-resources.ts';

const r = (x: Record<string, number>) => ({ gpus_per_node: 4, ...x });

describe('deriveResources', () => {
  // config.md §5 examples: P/D/A workers, GPUs per P/D/A worker, total nodes.
  it.each([
    ['1P node/1 worker + 2D nodes/4 workers on 8-GPU nodes', r({ gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 2, prefill_workers: 1, decode_workers: 4 }), [1, 4, 0], [8, 4, 8], 3],
    ['4P/4 + 12D/1 (one 48-GPU decode worker)', r({ prefill_nodes: 4, decode_nodes: 12, prefill_workers: 4, decode_workers: 1 }), [4, 1, 0], [4, 48, 4], 16],
    ['4P/2 + 8D/1', r({ prefill_nodes: 4, decode_nodes: 8, prefill_workers: 2, decode_workers: 1 }), [2, 1, 0], [8, 32, 4], 12],
    ['1 agg node with 2 workers on 8-GPU nodes', r({ gpus_per_node: 8, agg_nodes: 1, agg_workers: 2 }), [0, 0, 2], [8, 8, 4], 1],
    ['node counts without worker counts', r({ gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1 }), [0, 0, 0], [8, 8, 8], 2],
    ['worker counts without node counts', r({ gpus_per_node: 8, prefill_workers: 2, decode_workers: 2 }), [2, 2, 0], [8, 8, 8], 1],
  ])('derives %s', (_name, resources, workers, gpus, totalNodes) => {
    const d = deriveResources(resources);
    expect([d.numPrefill, d.numDecode, d.numAgg]).toStrictEqual(workers);
    expect([d.gpusPerPrefill, d.gpusPerDecode, d.gpusPerAgg]).toStrictEqual(gpus);
    expect(d.totalNodes).toBe(totalNodes);
  });

  it.each([
    [{ prefill_nodes: 1, decode_nodes: 1 }, true],
    [{ prefill_nodes: 1 }, true],
    [{ decode_nodes: 0 }, true],
    [{ agg_nodes: 2 }, false],
    [{ prefill_workers: 2, decode_workers: 2 }, false],
  ])('tells disaggregated from aggregated by node counts only: %j → %s', (resources, expected) => {
    expect(deriveResources(r(resources)).isDisaggregated).toBe(expected);
  });

  it('computes GPU totals per role', () => {
    expect(deriveResources(r({ prefill_nodes: 2, decode_nodes: 3 }))).toStrictEqual({
      isDisaggregated: true,
      totalNodes: 5,
      numPrefill: 0,
      numDecode: 0,
      numAgg: 0,
      gpusPerPrefill: 4,
      gpusPerDecode: 4,
      gpusPerAgg: 4,
      prefillGpus: 8,
      decodeGpus: 12,
      aggGpus: 0,
    });
    expect(deriveResources(r({ agg_nodes: 2, agg_workers: 1 })).aggGpus).toBe(8);
  });

  it('floors uneven splits, as the reference does', () => {
    expect(deriveResources(r({ prefill_nodes: 1, prefill_workers: 3, decode_nodes: 1, decode_workers: 1 })).gpusPerPrefill).toBe(1);
  });
});
