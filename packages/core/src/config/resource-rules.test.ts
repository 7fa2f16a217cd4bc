import { describe, expect, it } from 'vitest';
import { thrown } from './_errors.ts';
import { parseConfig } from './parse-config.ts';
import { renderConfigYaml } from './render-config-yaml.ts';

const recipe = (resources: Record<string, number>) =>
  renderConfigYaml({
    name: 'r',
    model: { path: '/m', container: '/c.sqsh', precision: 'fp8' },
    resources: { gpu_type: 'h100', gpus_per_node: 4, ...resources },
  });

const load = (resources: Record<string, number>) => parseConfig(recipe(resources), { source: 'r.yaml' });
const problems = (resources: Record<string, number>) => thrown(() => load(resources)).details;

describe('workerCountRule', () => {
  it.each([
    ['prefill/decode nodes without workers (fix C7)', { prefill_nodes: 1, decode_nodes: 1 }, [
      'r.yaml:6:1 resources.prefill_workers: a disaggregated recipe needs at least 1 prefill worker: set prefill_workers (and prefill_nodes)',
      'r.yaml:6:1 resources.decode_workers: a disaggregated recipe needs at least 1 decode worker: set decode_workers (and decode_nodes)',
    ]],
    ['worker counts without node counts', { prefill_workers: 2, decode_workers: 2 }, [
      'r.yaml:9:20 resources.prefill_workers: prefill_workers needs prefill_nodes: set how many nodes the prefill workers use',
      'r.yaml:10:19 resources.decode_workers: decode_workers needs decode_nodes: set how many nodes the decode workers use',
    ]],
    ['zero decode workers', { prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 0 }, [
      'r.yaml:12:19 resources.decode_workers: a disaggregated recipe needs at least 1 decode worker: set decode_workers (and decode_nodes)',
    ]],
    ['zero decode nodes with decode workers', { prefill_nodes: 1, decode_nodes: 0, prefill_workers: 1, decode_workers: 1 }, [
      'r.yaml:10:17 resources.decode_nodes: decode_nodes must be at least 1 when decode_workers is set',
    ]],
    ['agg workers mixed into a disaggregated recipe', { prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1, agg_workers: 1 }, [
      'r.yaml:13:16 resources.agg_workers: agg_nodes/agg_workers cannot be combined with prefill_nodes/decode_nodes: a recipe is either disaggregated (prefill_*/decode_*) or aggregated (agg_*)',
    ]],
    ['no workers at all', {}, [
      'r.yaml:6:1 resources.agg_workers: no workers to start: set agg_workers (aggregated) or prefill_/decode_ nodes and workers (disaggregated)',
    ]],
  ])('rejects %s', (_name, resources, lines) => {
    expect(problems(resources)).toStrictEqual(lines);
  });

  it.each([
    [{ agg_workers: 2 }],
    [{ agg_nodes: 2, agg_workers: 4 }],
    [{ prefill_nodes: 1, decode_nodes: 2, prefill_workers: 1, decode_workers: 4 }],
    // zero counts start nothing, so they need no nodes and do not mix layouts (the reference runs these)
    [{ agg_nodes: 1, agg_workers: 1, prefill_workers: 0, decode_workers: 0 }],
    [{ prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1, agg_nodes: 0, agg_workers: 0 }],
  ])('accepts %j', (resources) => {
    expect(load(resources).warnings).toStrictEqual([]);
  });
});

describe('ignoredAggNodesWarning', () => {
  it('warns (but loads) when a disaggregated recipe also sets agg_nodes, which the reference ignores', () => {
    expect(load({ prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1, agg_nodes: 2 }).warnings).toStrictEqual([
      'r.yaml:13:3 resources.agg_nodes: ignored: a recipe with prefill_nodes/decode_nodes is disaggregated and does not use agg_nodes; delete it',
    ]);
  });
});

describe('gpusPerWorkerRule', () => {
  it('rejects more workers than GPUs (fix T4): 2 nodes × 4 GPUs for 16 workers', () => {
    expect(problems({ prefill_nodes: 2, decode_nodes: 1, prefill_workers: 16, decode_workers: 1 })).toStrictEqual([
      'r.yaml:11:20 resources.prefill_workers: 16 prefill workers on 2 node(s) × 4 GPUs leaves less than 1 GPU per worker: use at most 8 workers or more nodes',
    ]);
  });
});

describe('workerSizeWarning', () => {
  it.each([
    ['uneven split', { agg_nodes: 2, agg_workers: 3 }, 'r.yaml:10:16 resources.agg_workers: 2 node(s) × 4 GPUs do not split evenly over 3 agg workers: each gets 2 GPUs and 2 stay idle'],
    ['size that does not divide a node', { gpus_per_node: 8, agg_nodes: 3, agg_workers: 8 }, 'r.yaml:10:16 resources.agg_workers: each agg worker gets 3 GPUs, which does not divide the 8 GPUs of a node: some GPUs stay idle'],
    ['size that is not a multiple of a node', { gpus_per_node: 8, prefill_nodes: 3, decode_nodes: 1, prefill_workers: 2, decode_workers: 1 }, 'r.yaml:11:20 resources.prefill_workers: each prefill worker gets 12 GPUs, which is not a multiple of 8 GPUs per node, so each worker takes 2 whole nodes: some GPUs stay idle'],
  ])('warns (but loads) for a %s (quirk T3)', (_name, resources, line) => {
    expect(load(resources).warnings).toStrictEqual([line]);
  });
});
