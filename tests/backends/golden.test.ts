import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frozenCluster, loadRecipeJobs, renderDeploymentGolden } from './render-deployment-golden.ts';

const EXAMPLES = '/work/shared/spec/examples';
const LOCAL = join(import.meta.dirname, 'recipes');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((e) => (statSync(join(dir, e)).isDirectory() ? yamlFiles(join(dir, e)) : e.endsWith('.yaml') ? [join(dir, e)] : []))
    .sort();
}

/** `recipies/gb200-fp4/1k1k/low-latency.yaml` → `recipies__gb200-fp4__1k1k__low-latency`. */
const goldenName = (root: string, file: string): string => relative(root, file).replace(/\.yaml$/, '').replaceAll('/', '__');

const CASES = [
  ...yamlFiles(EXAMPLES).map((f) => ({ file: f, golden: `examples__${goldenName(EXAMPLES, f)}`, runtime: 'pyxis' as const })),
  ...yamlFiles(LOCAL).map((f) => ({ file: f, golden: `local__${goldenName(LOCAL, f)}`, runtime: 'pyxis' as const })),
  { file: join(EXAMPLES, 'ci/disagg.yaml'), golden: 'no-container__ci__disagg', runtime: 'none' as const },
  { file: join(LOCAL, 'router-agg.yaml'), golden: 'no-container__router-agg', runtime: 'none' as const },
];

describe('planDeployment golden files', () => {
  it.each(CASES)('renders $golden', async ({ file, golden, runtime }) => {
    const cluster = frozenCluster(runtime);
    const jobs = await loadRecipeJobs(file, cluster);
    const text = jobs.map((job) => `# ${job.name}\n${renderDeploymentGolden(job.config, cluster)}`).join('\n');
    await expect(text).toMatchFileSnapshot(`../golden/backends/${golden}.txt`);
  });
});
