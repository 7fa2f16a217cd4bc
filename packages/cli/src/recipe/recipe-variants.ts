import { resolve } from 'node:path';
import {
  checkOverrideStructure,
  ConfigError,
  type Env,
  expandOverrides,
  invalidSelector,
  isOverrideDocument,
  locateIssues,
  parseSelector,
  parseYamlSource,
  SrtError,
} from '@srt/core';

/** One variant of a recipe file, as interactive mode lists it. */
export interface RecipeVariant {
  /** `override_lowmem`, `zip_override_dn[0]`, `base`; `undefined` for a file that is not an override file. */
  readonly label: string | undefined;
  /** `lowmem`, `dn_0`, `base`; `undefined` outside override files. */
  readonly suffix: string | undefined;
  /** The job name of the variant (before any sweep of its own). */
  readonly name: string;
  /** The merged document (no cluster defaults, not validated), as `resolve-override` writes it. */
  readonly document: Readonly<Record<string, unknown>>;
}

/**
 * The variants of a recipe file with their names (for interactive mode): every selected
 * variant of an override file (default selection: base excluded), or the file itself. The
 * same expansion `validate`, `dry-run` and `apply` use; nothing is validated beyond the
 * override file's structure.
 *
 * @example (await listRecipeVariants('demo.yaml', env)).map((v) => v.name) // ['demo_lowmem', 'demo_dn_0', 'demo_dn_1']
 */
export async function listRecipeVariants(file: string, env: Pick<Env, 'cwd' | 'readFile'>, opts: { readonly selector?: string } = {}): Promise<readonly RecipeVariant[]> {
  const text = await env.readFile(resolve(env.cwd, file));
  const yaml = parseYamlSource(text);
  if (yaml.issues.length > 0) throw new ConfigError('SRT_CONFIG_INVALID', file, locateIssues(yaml.issues));
  const raw = yaml.value;
  if (!isOverrideDocument(raw)) {
    if (opts.selector !== undefined) throw new SrtError('SRT_USAGE', `a selector was given, but ${file} has no base: key (it is not an override file)`);
    const doc = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Readonly<Record<string, unknown>>;
    return [{ label: undefined, suffix: undefined, name: String(doc['name'] ?? ''), document: doc }];
  }
  const structure = checkOverrideStructure(raw);
  if (structure.length > 0) throw new ConfigError('SRT_CONFIG_INVALID', file, locateIssues(structure, yaml.locate), ' (override file)');
  const selector = opts.selector === undefined ? undefined : (parseSelector(opts.selector) ?? (() => { throw invalidSelector(opts.selector ?? ''); })());
  return expandOverrides(raw, selector, file).map((v) => ({ label: v.label, suffix: v.suffix, name: String(v.document['name'] ?? ''), document: v.document }));
}
