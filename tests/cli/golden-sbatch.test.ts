import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecipe } from '../../packages/cli/src/recipe/load-recipe.ts';
import { planJob } from '../../packages/cli/src/recipe/plan-job.ts';
import { cliEnv, FIXTURES, SPEC_EXAMPLES, workdir } from './cli-harness.ts';

const recipes = readdirSync(SPEC_EXAMPLES, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml'))
  .sort();

const BUNDLE = { path: '<root>/dist/srtctl.mjs', root: '<root>', found: true, selfCommand: ['node', '<root>/dist/srtctl.mjs'] } as const;

describe('renderSbatchScript on the spec examples (golden files)', () => {
  it.each(recipes)('%s', async (file) => {
    const dir = workdir({ recipes: { copy: SPEC_EXAMPLES } });
    const env = cliEnv(dir);
    const recipe = await loadRecipe(join('recipes', file), env);
    const golden = relative(SPEC_EXAMPLES, join(SPEC_EXAMPLES, file)).replace(/\.yaml$/, '').replaceAll('/', '__');
    for (const job of recipe.jobs) {
      const { plan } = planJob(job, { env, recipe, bundle: BUNDLE, jobId: 'golden', generatedAt: '<ts>', allowInvalidBenchmark: true });
      const suffix = recipe.isSweep ? `.job${String(job.index).padStart(3, '0')}` : '';
      await expect(plan.sbatchScript.replaceAll(dir, '<root>')).toMatchFileSnapshot(`../golden/sbatch/${golden}${suffix}.sh`);
    }
  });

  it('follows the cluster file: SLURM defaults, directive switches, aliases, extra directives', async () => {
    const dir = workdir({ 'srtslurm.yaml': { copy: join(FIXTURES, 'cluster-switches/srtslurm.yaml') }, 'recipe.yaml': { copy: join(FIXTURES, 'cluster-switches/recipe.yaml') } });
    const env = cliEnv(dir);
    const recipe = await loadRecipe('recipe.yaml', env);
    const { plan } = planJob(recipe.jobs[0]!, { env, recipe, bundle: BUNDLE, jobId: 'golden', generatedAt: '<ts>' });
    await expect(plan.sbatchScript.replaceAll(dir, '<root>')).toMatchFileSnapshot('../golden/sbatch/cluster-switches.sh');
  });
});
