import { Document, isMap, isScalar, isSeq, type Node, Pair, parseDocument, Scalar } from 'yaml';
import { isMap as isPlainMap } from '../_is-map.ts';
import { PYYAML_OPTIONS, parseYaml } from '../config/pyyaml-tags.ts';
import { renderConfigYaml } from '../config/render-config-yaml.ts';
import type { OverrideVariant } from './expand-overrides.ts';

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainMap(a) && isPlainMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function toData(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  return (node as Node).toJS(new Document(null, PYYAML_OPTIONS));
}

/** The node a variant's value at `path` was written as in its section (inside the zip element for zip sections). */
function sourceNode(section: unknown, zipIndex: number | undefined, path: readonly string[]): Node | undefined {
  let node = section;
  const slice = (): void => {
    if (zipIndex !== undefined && isSeq(node)) node = node.items.length === 1 ? node.items[0] : node.items[zipIndex];
  };
  for (const key of path) {
    slice();
    if (!isMap(node)) return undefined;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair === undefined) return undefined;
    node = pair.value;
  }
  slice();
  return (node ?? undefined) as Node | undefined;
}

function sourceKey(section: unknown, zipIndex: number | undefined, path: readonly string[], key: string): Node | undefined {
  const parent = path.length === 0 ? section : sourceNode(section, zipIndex, path);
  const p = isMap(parent) ? parent.items.find((x) => isScalar(x.key) && String(x.key.value) === key) : undefined;
  return isScalar(p?.key) ? (p.key.clone() as Node) : undefined;
}

/**
 * Renders one resolved variant of an override file as YAML that keeps base's comments, key
 * order and scalar and flow styles, and the styles and comments of what the variant's section
 * wrote (variants-and-workflows §1.10 point 9). The data rendered is `value`, the one merged
 * document apply and dry-run use (fix of quirk V4): the source nodes only lend their style.
 * When the styled text would not read back as `value`, the plain rendering is returned.
 *
 * @example writeFileSync('dsr1_tp8.yaml', renderVariantYaml(overrideText, { section: 'override_tp8' }, variant.document))
 */
export function renderVariantYaml(text: string, variant: Pick<OverrideVariant, 'section' | 'zipIndex'>, value: Readonly<Record<string, unknown>>): string {
  const src = parseDocument(text, PYYAML_OPTIONS);
  const out = new Document(null, PYYAML_OPTIONS);
  const section = variant.section === 'base' ? undefined : src.get(variant.section, true);
  const fresh = (path: readonly string[], v: unknown): Node => {
    const from = sourceNode(section, variant.zipIndex, path);
    if (from !== undefined && deepEqual(toData(from), v)) return from.clone() as Node;
    return out.createNode(v) as Node;
  };
  const sync = (node: unknown, v: unknown, path: readonly string[]): Node => {
    if (isPlainMap(v)) {
      if (!isMap(node)) return fresh(path, v);
      node.items = node.items.filter((p) => isScalar(p.key) && Object.hasOwn(v, String(p.key.value)));
      for (const [k, x] of Object.entries(v)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === k);
        if (pair !== undefined) pair.value = sync(pair.value, x, [...path, k]);
        else node.items.push(new Pair(sourceKey(section, variant.zipIndex, path, k) ?? new Scalar(k), fresh([...path, k], x)));
      }
      return node as Node;
    }
    if (Array.isArray(v)) return isSeq(node) && deepEqual(toData(node), v) ? (node as Node) : fresh(path, v);
    if (isScalar(node)) {
      if (node.value !== v) {
        const from = sourceNode(section, variant.zipIndex, path);
        if (isScalar(from) && from.value === v) return from.clone() as Node;
        node.value = v;
      }
      return node as Node;
    }
    return fresh(path, v);
  };
  const base = src.get('base', true);
  out.contents = sync(isMap(base) ? base.clone() : undefined, value, []) as never;
  const rendered = out.toString({ lineWidth: 0, flowCollectionPadding: false });
  return deepEqual(parseYaml(rendered), value) ? rendered : renderConfigYaml(value);
}
