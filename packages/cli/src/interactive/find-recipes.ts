import { readdir, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** Recipes grouped by their directory (relative to cwd), both sorted. */
export interface RecipeGroup {
  readonly dir: string;
  /** Paths relative to cwd. */
  readonly files: readonly string[];
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Every `*.yaml` under `<cwd>/recipies` (the reference's spelling) or else `<cwd>/recipes`, grouped by directory. */
export async function findRecipes(cwd: string): Promise<{ readonly root: string; readonly groups: readonly RecipeGroup[] }> {
  let root = 'recipies';
  if (!(await isDir(join(cwd, root)))) root = 'recipes';
  if (!(await isDir(join(cwd, root)))) return { root, groups: [] };
  const entries = await readdir(join(cwd, root), { recursive: true });
  const files = entries
    .filter((e) => e.endsWith('.yaml'))
    .map((e) => relative(cwd, join(cwd, root, e)))
    .sort();
  const groups = new Map<string, string[]>();
  for (const f of files) groups.set(dirname(f), [...(groups.get(dirname(f)) ?? []), f]);
  return { root, groups: [...groups.keys()].sort().map((dir) => ({ dir, files: groups.get(dir)! })) };
}
