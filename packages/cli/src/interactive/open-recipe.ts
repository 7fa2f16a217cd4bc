import { resolve } from 'node:path';
import { type Env, invalidSelector, isOverrideDocument, isSrtError, parseSelector, renderConfigYaml, type SrtError } from '@srt/core';
import { loadRecipe, rawDocument, type Recipe } from '../recipe/load-recipe.ts';
import { listRecipeVariants, type RecipeVariant } from '../recipe/recipe-variants.ts';

/** A recipe as interactive mode holds it: the document (edits apply to it) and its validated jobs. */
export interface OpenedRecipe {
  /** As the user chose it (relative to cwd, or absolute). */
  readonly path: string;
  /**
   * The chosen variant of an override file, as a selector (`override_lowmem`,
   * `zip_override_dn[0]`, `base`); undefined for the file as it is (every default variant).
   */
  readonly variant: string | undefined;
  /** The variants of an override file (default selection, base excluded); empty for other files and edited variants. */
  readonly variants: readonly RecipeVariant[];
  /** What `-f` gets when a command runs on it: the path, or `path:variant` for an unedited variant. */
  readonly fileArg: string;
  /** The YAML as plain data (a variant: its merged document); undefined when the file does not parse. */
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

/** The variants of an override file (none for other files, or when the file cannot be read as one: loading reports why). */
async function variantsOf(path: string, env: Env, document: unknown): Promise<readonly RecipeVariant[]> {
  if (!isOverrideDocument(document)) return [];
  return listRecipeVariants(path, env).catch((e: unknown) => {
    if (isSrtError(e)) return [];
    throw e;
  });
}

/**
 * THE way interactive mode loads a recipe (selection, re-selection, every edit). `document`
 * replaces the file's content (an edit); nothing is written to disk. `variant` picks one
 * variant of an override file: its merged document is what the summary shows and edits
 * change (through the same expansion `apply` runs, `listRecipeVariants`/`loadRecipe`); once
 * edited it is served as a plain recipe at `path`.
 *
 * @example const opened = await openRecipe('examples/mock/agg.yaml', nodeEnv());
 * @example const lowmem = await openRecipe('variants.yaml', nodeEnv(), undefined, 'override_lowmem'); lowmem.fileArg // 'variants.yaml:override_lowmem'
 */
export async function openRecipe(path: string, env: Env, document?: unknown, variant?: string): Promise<OpenedRecipe> {
  const abs = resolve(env.cwd, path);
  const edited = document !== undefined;
  const text = edited ? renderConfigYaml(document) : undefined;
  const view: Env = text === undefined ? env : { ...env, readFile: (p) => (resolve(env.cwd, p) === abs ? Promise.resolve(text) : env.readFile(p)) };
  const selected = variant !== undefined && !edited;
  const fileArg = selected ? `${path}:${variant}` : path;
  const base = { path, variant, fileArg, edited, env: view };
  try {
    if (selected) {
      const selector = parseSelector(variant) ?? (() => { throw invalidSelector(variant); })();
      const [recipe, [chosen]] = await Promise.all([loadRecipe(path, view, { selector }), listRecipeVariants(path, view, { selector: variant })]);
      return { ...base, variants: [], document: chosen?.document, loaded: { ok: true, recipe } };
    }
    const recipe = await loadRecipe(path, view);
    return { ...base, variants: edited ? [] : await variantsOf(path, view, recipe.rawDocument), document: recipe.rawDocument, loaded: { ok: true, recipe } };
  } catch (e) {
    if (!isSrtError(e)) throw e;
    if (selected) {
      const chosen = await listRecipeVariants(path, view, { selector: variant }).then((v) => v[0]?.document, () => undefined);
      return { ...base, variants: [], document: chosen, loaded: { ok: false, error: e } };
    }
    const doc = edited ? document : await view.readFile(abs).then(rawDocument, () => undefined);
    return { ...base, variants: edited ? [] : await variantsOf(path, view, doc), document: doc, loaded: { ok: false, error: e } };
  }
}
