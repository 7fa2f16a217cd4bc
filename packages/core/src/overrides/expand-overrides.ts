import { compareCodeUnits } from '../format/compare-code-units.ts';
import { isMap } from '../_is-map.ts';
import type { ConfigIssue, PathKey } from '../config/config-error.ts';
import { didYouMean } from '../config/did-you-mean.ts';
import { SrtError } from '../errors.ts';
import { pyStr } from '../format/py-str.ts';
import { fnmatchRegExp } from './fnmatch.ts';
import { mergeOverride } from './merge-override.ts';
import { type OverrideSelector, selectorText } from './override-selector.ts';
import { zipLength, zipSlice } from './zip-override.ts';

type Doc = Readonly<Record<string, unknown>>;

/** One variant of an override file: what it is called, and its merged document. */
export interface OverrideVariant {
  /** `base`, `override_lowmem`, `zip_override_dn[0]`. */
  readonly label: string;
  /** The top-level key it comes from: `base`, `override_lowmem`, `zip_override_dn`. */
  readonly section: string;
  /** Position in a zip group (absent otherwise). */
  readonly zipIndex?: number;
  /** `base`, `lowmem`, `dn_0`: the file-name suffix of `resolve-override` and the `variant` of the job record. */
  readonly suffix: string;
  /** The merged document (base + section), job name set; no cluster defaults, not validated. */
  readonly document: Doc;
}

/**
 * An override file: a map with a top-level `base:` key (§1.1).
 *
 * @example isOverrideDocument({ base: { name: 'dsr1' }, override_tp8: { backend: { tp: 8 } } }) // → true
 */
export function isOverrideDocument(doc: unknown): doc is Doc & { readonly base: unknown } {
  return isMap(doc) && Object.hasOwn(doc, 'base');
}

const OVERRIDE = 'override_';
/** What an `override_` suffix may hold: it names the job (#SBATCH) and resolve-override's file. */
const OVERRIDE_SUFFIX = /^[^\s"'\\#/]+$/;
const ZIP = 'zip_override_';

/** `override_*` keys, then `zip_override_*` keys, each sorted by code point (Python's order). */
function sectionKeys(doc: Doc): { readonly overrides: readonly string[]; readonly zips: readonly string[] } {
  const keys = Object.keys(doc);
  return { overrides: keys.filter((k) => k.startsWith(OVERRIDE)).sort(compareCodeUnits), zips: keys.filter((k) => k.startsWith(ZIP)).sort(compareCodeUnits) };
}

function unknownKeyHint(key: string): string {
  if (key === 'sweep') return 'unknown key in an override file: put the sweep in base (or in an override_* section)';
  const candidates = ['base'];
  for (let j = 0; j <= key.length; j++) candidates.push(OVERRIDE + key.slice(j), ZIP + key.slice(j));
  const hint = didYouMean(key, candidates);
  return `unknown key in an override file (only base, override_<name> and zip_override_<name>)${hint === undefined ? '' : `; did you mean ${hint}?`}`;
}

function containsList(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  return isMap(value) && Object.values(value).some(containsList);
}

/**
 * Every structural problem of an override file (§1.10 point 2), with the path it is at:
 * `base` and every section must be maps, unknown top-level keys get a did-you-mean, zip
 * sections must zip, a zip `name` must be a list, and a zip `sweep:` must not hold lists.
 *
 * @example checkOverrideStructure({ base: recipe, overide_tp8: {} }) // → [{ path: ['overide_tp8'], message: 'unknown key in an override file (…); did you mean override_tp8?', atKey: true }]
 */
export function checkOverrideStructure(doc: Doc): readonly ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!isMap(doc['base'])) issues.push({ path: ['base'], message: 'must be a map holding a complete recipe' });
  for (const [key, section] of Object.entries(doc)) {
    if (key === 'base') continue;
    const isZip = key.startsWith(ZIP);
    if (!isZip && !key.startsWith(OVERRIDE)) {
      issues.push({ path: [key], message: unknownKeyHint(key), atKey: true });
      continue;
    }
    if (section === null) {
      issues.push({ path: [key], message: `empty section; write \`${key}: {}\` to run base under another name, or delete it`, atKey: true });
      continue;
    }
    if (!isMap(section)) {
      issues.push({ path: [key], message: 'must be a map (a partial recipe merged onto base)' });
      continue;
    }
    if (!isZip) {
      // The suffix names the job (`<name>_<suffix>`, an #SBATCH line) and resolve-override's file (`<stem>_<suffix>.yaml`).
      if (!OVERRIDE_SUFFIX.test(key.slice(OVERRIDE.length))) {
        issues.push({ path: [key], message: 'the suffix after override_ goes into the job name and a file name: use letters, digits and punctuation without spaces, quotes, /, \\ or #', atKey: true });
      }
      continue;
    }
    const group = key.slice(ZIP.length);
    if (!/^[A-Za-z0-9_-]+$/.test(group)) issues.push({ path: [key], message: 'zip group names use letters, digits, _ and - only (so the group can be selected)', atKey: true });
    if (Object.hasOwn(section, 'name') && !Array.isArray(section['name'])) {
      issues.push({ path: [key, 'name'], message: `${key}.name must be a list with one name per variant, or absent` });
    }
    if (containsList(section['sweep'])) {
      issues.push({ path: [key, 'sweep'], message: `${key}.sweep: sweep parameters cannot be zipped; put the sweep in base or in an override_* section` });
      continue;
    }
    const length = zipLength(section);
    if ('problem' in length) issues.push({ path: [key, ...length.problem.path], message: length.problem.message });
  }
  return issues;
}

function baseName(base: Doc): string {
  return Object.hasOwn(base, 'name') ? pyStr(base['name']) : 'unnamed';
}

function overrideVariant(base: Doc, key: string, section: Doc): OverrideVariant {
  const suffix = key.slice(OVERRIDE.length);
  const merged = mergeOverride(base, section);
  if (!Object.hasOwn(section, 'name')) merged['name'] = `${baseName(base)}_${suffix}`;
  return { label: key, section: key, suffix, document: merged };
}

function zipVariants(base: Doc, key: string, section: Doc): readonly OverrideVariant[] {
  const length = zipLength(section);
  if ('problem' in length) throw new SrtError('SRT_CONFIG_INVALID', `${key}: ${length.problem.message}`);
  const group = key.slice(ZIP.length);
  return Array.from({ length: length.length }, (_, i) => {
    const merged = mergeOverride(base, zipSlice(section, i) as Doc);
    if (!Array.isArray(section['name'])) merged['name'] = `${baseName(base)}_${group}_${i}`;
    return { label: `${key}[${i}]`, section: key, zipIndex: i, suffix: `${group}_${i}`, document: merged };
  });
}

function available(doc: Doc): string {
  const { overrides, zips } = sectionKeys(doc);
  const zipItems = zips.flatMap((z) => {
    const s = doc[z];
    const n = isMap(s) ? zipLength(s) : { length: 0 };
    return 'length' in n ? Array.from({ length: n.length }, (_, i) => `${z}[${i}]`) : [];
  });
  const all = [...overrides, ...zipItems];
  return all.length === 0 ? '(none)' : all.join(', ');
}

/**
 * Expands an override file into its variants (§1.3–§1.5). Without a selector: every
 * `override_*` section (sorted), then every zip group (sorted, expanded); `base` only when
 * selected. Suffixes must be unique (quirk V3). Check the structure first with
 * `checkOverrideStructure`: this function throws on the first structural problem it meets.
 *
 * @example expandOverrides(doc).map((v) => v.suffix) // ['lowmem', 'dn_0', 'dn_1']
 */
export function expandOverrides(doc: Doc, selector?: OverrideSelector, source = '<file>'): readonly OverrideVariant[] {
  const base = doc['base'];
  if (!isMap(base)) throw new SrtError('SRT_CONFIG_INVALID', 'base: must be a map holding a complete recipe');
  const { overrides, zips } = sectionKeys(doc);
  const section = (key: string): Doc => {
    const s = doc[key];
    if (!isMap(s)) throw new SrtError('SRT_CONFIG_INVALID', `${key}: must be a map (a partial recipe merged onto base)`);
    return s;
  };
  const all = (keys: readonly string[]): OverrideVariant[] =>
    keys.flatMap((k) => (k.startsWith(ZIP) ? zipVariants(base, k, section(k)) : [overrideVariant(base, k, section(k))]));
  let variants: OverrideVariant[];
  if (selector === undefined) variants = all([...overrides, ...zips]);
  else if (selector.kind === 'zip' && selector.index !== undefined) {
    if (!zips.includes(selector.key)) {
      const groups = zips.length === 0 ? '(none)' : zips.map((z) => `${z}[i]`).join(', ');
      throw new SrtError('SRT_USAGE', `'${selector.key}' not found in config. Available zip groups: ${groups}`);
    }
    const group = zipVariants(base, selector.key, section(selector.key));
    const v = group[selector.index];
    if (v === undefined) {
      throw new SrtError('SRT_USAGE', `Index [${selector.index}] out of range for '${selector.key}' (has ${group.length} variants, valid: 0–${group.length - 1})`);
    }
    variants = [v];
  } else if (selector.kind === 'base') variants = [{ label: 'base', section: 'base', suffix: 'base', document: base }];
  else if (selector.kind === 'glob') {
    const re = fnmatchRegExp(selector.pattern);
    variants = all([...overrides, ...zips].filter((k) => re.test(k)));
    if (variants.length === 0) throw new SrtError('SRT_USAGE', `No variants match '${selector.pattern}'. Available: ${available(doc)}`);
  } else if (selector.kind === 'zip') {
    if (!zips.includes(selector.key)) throw new SrtError('SRT_USAGE', `'${selector.key}' not found in config. Available: ${zips.length === 0 ? '(none)' : zips.join(', ')}`);
    variants = all([selector.key]);
  } else {
    if (!overrides.includes(selector.key)) throw new SrtError('SRT_USAGE', `Override '${selector.key}' not found in config. Available: ${available(doc)}`);
    variants = all([selector.key]);
  }
  const seen = new Map<string, OverrideVariant>();
  for (const v of variants) {
    const other = seen.get(v.suffix);
    if (other !== undefined) {
      throw new SrtError('SRT_CONFIG_INVALID', `${other.label} and ${v.label} both have the suffix ${v.suffix} (their job names and resolved files would collide): rename one`);
    }
    seen.set(v.suffix, v);
  }
  if (variants.length === 0) {
    const what = selector === undefined ? '' : ` (selector ${selectorText(selector)})`;
    throw new SrtError('SRT_CONFIG_INVALID', `${source}${what} has no override_* or zip_override_* sections; select the base with ${source}:base`);
  }
  return variants;
}

/**
 * Where a path of a variant's document is written in the override file: in its section
 * (inside the zip element for zip variants) when the section sets it, else in `base`.
 *
 * @example variantSourcePath(doc, { section: 'zip_override_tp', zipIndex: 1 }, ['backend', 'tp']) // → ['zip_override_tp', 'backend', 'tp', 1]
 */
export function variantSourcePath(doc: Doc, variant: Pick<OverrideVariant, 'section' | 'zipIndex'>, path: readonly PathKey[]): readonly PathKey[] {
  if (variant.section !== 'base') {
    let node: unknown = doc[variant.section];
    const out: PathKey[] = [variant.section];
    let found = true;
    for (const key of path) {
      if (variant.zipIndex !== undefined && Array.isArray(node) && typeof key !== 'number') {
        const i = node.length === 1 ? 0 : variant.zipIndex;
        out.push(i);
        node = node[i];
      }
      if (isMap(node) && Object.hasOwn(node, String(key))) node = node[String(key)];
      else if (Array.isArray(node) && typeof key === 'number' && key < node.length) node = node[key];
      else {
        found = false;
        break;
      }
      out.push(key);
    }
    if (found) {
      if (variant.zipIndex !== undefined && Array.isArray(node)) out.push(node.length === 1 ? 0 : variant.zipIndex);
      return out;
    }
  }
  return ['base', ...path];
}
