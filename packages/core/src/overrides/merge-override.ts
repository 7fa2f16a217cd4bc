import { isMap } from '../_is-map.ts';

/** Copies a value added by an override, dropping `null` map entries at every depth (fix of quirk V19). */
function added(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((x) => (isMap(x) ? added(x) : x));
  if (!isMap(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(value)) if (x !== null) out[k] = added(x);
  return out;
}

/**
 * Deep-merges an override section onto a base document (variants-and-workflows §1.2): maps
 * merge key by key, anything else (lists included) replaces, `null` deletes the key, also
 * inside subtrees the base does not have. Inputs are never mutated. Key order: base keys in
 * base order, then the override's new keys in its order.
 *
 * @example mergeOverride({ env: { A: '1', B: '2' } }, { env: { B: null, C: '3' } }) // { env: { A: '1', C: '3' } }
 */
export function mergeOverride(base: Readonly<Record<string, unknown>>, override: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, x] of Object.entries(override)) {
    if (x === null) delete out[k];
    else if (isMap(x) && isMap(out[k])) out[k] = mergeOverride(out[k] as Readonly<Record<string, unknown>>, x);
    else out[k] = added(x);
  }
  return out;
}
