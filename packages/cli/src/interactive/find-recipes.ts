import { readdir, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** Recipes grouped by their directory (relative to cwd), both sorted. */
export interface RecipeGroup {
  readonly dir: string;
  /** Paths relative to cwd. */
  readonly files: readonly string[];
}

/** Where interactive mode looks for recipes, in this order: the repository's examples and the user's recipes (and the reference's spelling). */
export const RECIPE_ROOTS = ['examples', 'recipes', 'recipies'] as const;

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Every `*.yaml` / `*.yml` under `<cwd>/examples`, `<cwd>/recipes` and `<cwd>/recipies`, grouped by directory. */
export async function findRecipes(cwd: string): Promise<{ readonly roots: readonly string[]; readonly groups: readonly RecipeGroup[] }> {
  const roots: string[] = [];
  const files: string[] = [];
  for (const root of RECIPE_ROOTS) {
    if (!(await isDir(join(cwd, root)))) continue;
    roots.push(root);
    const entries = await readdir(join(cwd, root), { recursive: true });
    files.push(...entries.filter((e) => /\.ya?ml$/.test(e)).map((e) => relative(cwd, join(cwd, root, e))));
  }
  files.sort();
  const groups = new Map<string, string[]>();
  for (const f of files) groups.set(dirname(f), [...(groups.get(dirname(f)) ?? []), f]);
  return { roots, groups: [...groups.keys()].sort().map((dir) => ({ dir, files: groups.get(dir)! })) };
}
