import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendSchemas } from '@srt/backends';
import { deriveResources, loadClusterConfig, loadConfig, loadSweep, nodeEnv, servedModelName } from '@srt/core';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = resolve(here, '../fixtures');
const examples = join(fixtures, 'recipes/examples');
const clusterFile = join(fixtures, 'srtslurm.yaml');
const spec = resolve(here, '../../../shared/spec/examples');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? yamlFiles(p) : name.endsWith('.yaml') ? [p] : [];
    })
    .sort();
}

const env = nodeEnv({ cwd: examples, vars: { SRTSLURM_CONFIG: clusterFile } });
const recipes = yamlFiles(examples).map((p) => relative(examples, p));
const single = recipes.filter((p) => !p.includes('sweep'));

describe('example recipes', () => {
  it('are the spec examples, unchanged', () => {
    if (!existsSync(spec)) return;
    for (const r of [...recipes, 'srtslurm.yaml.example']) {
      expect(readFileSync(join(examples, r), 'utf8'), r).toBe(readFileSync(join(spec, r), 'utf8'));
    }
  });

  it.each(single)('%s loads without errors or warnings, aliases resolved', async (recipe) => {
    const loaded = await loadConfig(recipe, { env, backends: backendSchemas });
    expect(loaded.warnings).toStrictEqual([]);
    expect(loaded.config.model.path).toMatch(/^\//);
    expect(loaded.config.model.container).toMatch(/^\/|\.sqsh$/);
    expect(loaded.config.slurm).toStrictEqual({ account: 'test-account', partition: 'batch', time_limit: '04:00:00' });
    const d = deriveResources(loaded.config.resources);
    expect(d.numPrefill + d.numDecode + d.numAgg).toBeGreaterThan(0);
  });

  it('derives the GB200 FP4 max-tpt layout: 4 prefill workers of 4 GPUs, 1 decode worker of 48', async () => {
    const { config } = await loadConfig('recipies/gb200-fp4/1k1k/max-tpt.yaml', { env, backends: backendSchemas });
    const d = deriveResources(config.resources);
    expect([d.numPrefill, d.gpusPerPrefill, d.numDecode, d.gpusPerDecode, d.totalNodes]).toStrictEqual([4, 4, 1, 48, 16]);
    expect(servedModelName(config)).toBe('deepseek-ai/DeepSeek-R1');
  });

  it('loads the CI aggregated recipe with the Qwen alias and 2 agg workers of 4 GPUs', async () => {
    const { config } = await loadConfig('ci/agg.yaml', { env });
    const d = deriveResources(config.resources);
    expect([config.model.path, d.isDisaggregated, d.numAgg, d.gpusPerAgg]).toStrictEqual(['/models/Qwen3-32B', false, 2, 4]);
  });

  it('expands the sweep example into its 4 documented jobs', async () => {
    const { jobs, warnings } = await loadSweep('example-sweep.yaml', { env, backends: backendSchemas });
    expect(warnings).toStrictEqual([]);
    expect(jobs.map((j) => j.name)).toStrictEqual([
      'example-sweep_chunked_prefill_size4096_max_total_tokens8192',
      'example-sweep_chunked_prefill_size4096_max_total_tokens16384',
      'example-sweep_chunked_prefill_size8192_max_total_tokens8192',
      'example-sweep_chunked_prefill_size8192_max_total_tokens16384',
    ]);
    expect(jobs[0]?.params).toStrictEqual({ chunked_prefill_size: 4096, max_total_tokens: 8192 });
    const prefill = (jobs[0]?.document['backend'] as { sglang_config: { prefill: Record<string, unknown> } }).sglang_config.prefill;
    expect([prefill['chunked-prefill-size'], prefill['max-total-tokens']]).toStrictEqual(['4096', '8192']);
    expect(jobs[0]?.config.model.path).toBe('/models/deepseek-r1');
  });

  it('rejects the shipped srtslurm.yaml.example with the default_container message (C1)', async () => {
    const file = join(examples, 'srtslurm.yaml.example');
    const err = await loadClusterConfig(nodeEnv({ vars: { SRTSLURM_CONFIG: file } })).catch((e: unknown) => e as { code: string; details: string[] });
    expect((err as { code: string }).code).toBe('SRT_CLUSTER_INVALID');
    expect((err as { details: string[] }).details.map((l) => l.replace(file, '<example>'))).toMatchInlineSnapshot(`
      [
        "<example>:17:1 default_container: \`default_container\` is not supported: set \`model.container\` in each recipe, or add a \`containers\` alias (e.g. \`containers: { latest: /path/image.sqsh }\` and \`container: latest\`), then delete this key",
      ]
    `);
  });
});
