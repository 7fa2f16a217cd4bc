import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { backendSchemas } from '@srt/backends';
import { allocateEndpoints, deriveResources, loadConfig, nodeEnv, readCluster, type SrtConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { GB200_NVL72, H100_RACK, type Rack, rackEnv } from '../fixtures/clusters.ts';

/** Copies of the spec's example recipes this suite runs (upstream `recipies/` and `ci/`). */
const SPEC_EXAMPLES = new URL('fixtures/spec', import.meta.url).pathname;
const HERE = new URL('.', import.meta.url).pathname;

async function load(path: string): Promise<SrtConfig> {
  return (await loadConfig(path, { env: nodeEnv(), cluster: null, backends: backendSchemas })).config;
}

async function allocate(config: SrtConfig, r: Rack) {
  const cluster = await readCluster(rackEnv(r));
  const d = deriveResources(config.resources);
  return {
    d,
    endpoints: allocateEndpoints({ ...d, gpusPerNode: config.resources.gpus_per_node, availableNodes: cluster.nodes }),
  };
}

const yamls = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f));

describe('GB200 NVL72 rack: gb200-fp4/1k1k recipes', () => {
  const recipes = yamls(join(SPEC_EXAMPLES, 'recipies/gb200-fp4/1k1k'));

  it('has the three recipes', () => {
    expect(recipes.map((r) => r.split('/').pop())).toStrictEqual(['low-latency.yaml', 'max-tpt.yaml', 'mid-curve.yaml']);
  });

  it.each(recipes)('%s uses 4 GPUs per node', async (path) => {
    expect((await load(path)).resources.gpus_per_node).toBe(GB200_NVL72.gpusPerNode);
  });

  it.each(recipes)('%s fits in the 18-node rack', async (path) => {
    const r = (await load(path)).resources;
    expect((r.prefill_nodes ?? 0) + (r.decode_nodes ?? 0) + (r.agg_nodes ?? 0)).toBeLessThanOrEqual(GB200_NVL72.numNodes);
  });

  it.each(recipes)('%s allocates every worker with its GPU count', async (path) => {
    const { d, endpoints } = await allocate(await load(path), GB200_NVL72);
    const prefill = endpoints.filter((e) => e.mode === 'prefill');
    const decode = endpoints.filter((e) => e.mode === 'decode');
    expect([prefill.length, decode.length]).toStrictEqual([d.numPrefill, d.numDecode]);
    for (const e of prefill) expect(e.totalGpus).toBe(d.gpusPerPrefill);
    for (const e of decode) expect(e.totalGpus).toBe(d.gpusPerDecode);
  });

  it('max-tpt: 4 one-node prefill workers and one decode worker spanning 12 nodes (48 GPUs)', async () => {
    const { endpoints } = await allocate(await load(join(SPEC_EXAMPLES, 'recipies/gb200-fp4/1k1k/max-tpt.yaml')), GB200_NVL72);
    expect(endpoints.map((e) => `${e.mode}_${e.index}: ${e.nodes[0]}..${e.nodes.at(-1)} (${e.numNodes} nodes, ${e.totalGpus} GPUs)`)).toStrictEqual([
      'prefill_0: gb200-01..gb200-01 (1 nodes, 4 GPUs)',
      'prefill_1: gb200-02..gb200-02 (1 nodes, 4 GPUs)',
      'prefill_2: gb200-03..gb200-03 (1 nodes, 4 GPUs)',
      'prefill_3: gb200-04..gb200-04 (1 nodes, 4 GPUs)',
      'decode_0: gb200-05..gb200-16 (12 nodes, 48 GPUs)',
    ]);
  });
});

describe('H100 rack: 8-GPU recipes', () => {
  const recipes = yamls(join(HERE, 'fixtures/h100'));

  it.each(recipes)('%s uses 8 GPUs per node', async (path) => {
    expect((await load(path)).resources.gpus_per_node).toBe(H100_RACK.gpusPerNode);
  });

  it.each(recipes)('%s allocates every worker with its GPU count, spanning gpus/8 nodes when larger than a node', async (path) => {
    const { d, endpoints } = await allocate(await load(path), H100_RACK);
    const prefill = endpoints.filter((e) => e.mode === 'prefill');
    const decode = endpoints.filter((e) => e.mode === 'decode');
    expect([prefill.length, decode.length]).toStrictEqual([d.numPrefill, d.numDecode]);
    for (const e of prefill) {
      expect(e.totalGpus).toBe(d.gpusPerPrefill);
      if (d.gpusPerPrefill > 8) expect(e.numNodes).toBe(Math.floor(d.gpusPerPrefill / 8));
    }
    for (const e of decode) expect(e.totalGpus).toBe(d.gpusPerDecode);
  });

  it('h100-tp16: each of the prefill and decode workers spans 2 nodes with 16 GPUs', async () => {
    const { endpoints } = await allocate(await load(join(HERE, 'fixtures/h100/h100-tp16.yaml')), H100_RACK);
    expect(endpoints.map((e) => [e.mode, e.nodes, e.totalGpus])).toStrictEqual([
      ['prefill', ['h100-01', 'h100-02'], 16],
      ['decode', ['h100-03', 'h100-04'], 16],
    ]);
  });
});

describe('H100 rack: CI recipes', () => {
  it('ci/agg.yaml: two 4-GPU aggregated workers packed on one node', async () => {
    const { d, endpoints } = await allocate(await load(join(SPEC_EXAMPLES, 'ci/agg.yaml')), H100_RACK);
    expect(d.numAgg).toBe(2);
    expect(endpoints.map((e) => [e.mode, e.nodes, e.gpuIndices, e.totalGpus])).toStrictEqual([
      ['agg', ['h100-01'], [0, 1, 2, 3], 4],
      ['agg', ['h100-01'], [4, 5, 6, 7], 4],
    ]);
  });

  it('ci/disagg.yaml: 2 prefill + 2 decode workers of 8 GPUs', async () => {
    const { endpoints } = await allocate(await load(join(SPEC_EXAMPLES, 'ci/disagg.yaml')), H100_RACK);
    expect(endpoints.map((e) => `${e.mode}_${e.index} ${e.nodes.join(',')} ${e.totalGpus}`)).toStrictEqual([
      'prefill_0 h100-01 8', 'prefill_1 h100-02 8', 'decode_0 h100-03 8', 'decode_1 h100-04 8',
    ]);
  });
});
