import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRecipes } from './find-recipes.ts';

function tree(files: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'recipes-'));
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'name: x\n');
  }
  return dir;
}

describe('findRecipes', () => {
  it('groups *.yaml files by directory, both sorted, and ignores other files', async () => {
    const dir = tree(['recipes/b/2.yaml', 'recipes/b/1.yml', 'recipes/a/x.yaml', 'recipes/a/notes.md']);
    expect(await findRecipes(dir)).toStrictEqual({
      roots: ['recipes'],
      groups: [
        { dir: 'recipes/a', files: ['recipes/a/x.yaml'] },
        { dir: 'recipes/b', files: ['recipes/b/1.yml', 'recipes/b/2.yaml'] },
      ],
    });
  });

  it('looks in examples/, recipes/ and the reference’s recipies/ alike', async () => {
    const dir = tree(['recipies/r.yaml', 'recipes/s.yaml', 'examples/mock/agg.yaml']);
    expect((await findRecipes(dir)).groups).toStrictEqual([
      { dir: 'examples/mock', files: ['examples/mock/agg.yaml'] },
      { dir: 'recipes', files: ['recipes/s.yaml'] },
      { dir: 'recipies', files: ['recipies/r.yaml'] },
    ]);
  });

  it('finds nothing when no folder exists', async () => {
    expect(await findRecipes(tree([]))).toStrictEqual({ roots: [], groups: [] });
  });
});
