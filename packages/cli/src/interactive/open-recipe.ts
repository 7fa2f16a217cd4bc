import { resolve } from 'node:path';
import { type Env, isSrtError, renderConfigYaml, type SrtError } from '@srt/core';
import { loadRecipe, rawDocument, type Recipe } from '../recipe/load-recipe.ts';

/** A recipe as interactive mode holds it: the document (edits apply to it) and its validated jobs. */
export interface OpenedRecipe {
  /** As the user chose it (relative to cwd, or absolute). */
  readonly path: string;
  /** The YAML as plain data; undefined when the file does not parse. */
  readonly document: unknown;
  readonly edited: boolean;
  /** The validated recipe, or the error that keeps it from being planned. */
  readonly loaded: { readonly ok: true; readonly recipe: Recipe } | { readonly ok: false; readonly error: SrtError };
  /**
   * The environment every command run on this recipe gets: for an edited recipe its
   * `readFile` serves the edited document at `path`, so dry-run and submit see the edits
   * without a temporary copy (the recipe's relative paths still resolve from its folder).
   */
  readonly env: Env;
}

/**
 * THE way interactive mode loads a recipe (selection, re-selection, every edit), so recipe
 * variants (override files) can be offered in one place later. `document` replaces the
 * file's content (an edit); nothing is written to disk.
 *
 * @example const opened = await openRecipe('examples/mock/agg.yaml', nodeEnv());
 */
export async function openRecipe(path: string, env: Env, document?: unknown): Promise<OpenedRecipe> {
  const abs = resolve(env.cwd, path);
  const edited = document !== undefined;
  const text = edited ? renderConfigYaml(document) : undefined;
  const view: Env = text === undefined ? env : { ...env, readFile: (p) => (resolve(env.cwd, p) === abs ? Promise.resolve(text) : env.readFile(p)) };
  try {
    const recipe = await loadRecipe(path, view);
    return { path, document: recipe.rawDocument, edited, loaded: { ok: true, recipe }, env: view };
  } catch (e) {
    if (!isSrtError(e)) throw e;
    const doc = edited ? document : await view.readFile(abs).then(rawDocument, () => undefined);
    return { path, document: doc, edited, loaded: { ok: false, error: e }, env: view };
  }
}
