import { isMap } from '../_is-map.ts';
import type { PathKey } from '../config/config-error.ts';

/** A zip section's problem, with the path inside the section where it is. */
export interface ZipProblem {
  readonly path: readonly PathKey[];
  readonly message: string;
}

/** The zip dimensions of a section: every list reached through maps only. */
function dimensions(value: unknown, path: readonly PathKey[], out: { path: readonly PathKey[]; length: number }[]): void {
  if (Array.isArray(value)) out.push({ path, length: value.length });
  else if (isMap(value)) for (const [k, x] of Object.entries(value)) dimensions(x, [...path, k], out);
}

/**
 * The number of variants of a `zip_override_<g>` section (§1.3): the common length of its
 * lists, length-1 lists broadcast. Problems use upstream's messages.
 *
 * @example zipLength({ backend: { tp: [4, 8] }, name: ['a'] }) // → { length: 2 }
 */
export function zipLength(section: Readonly<Record<string, unknown>>): { readonly length: number } | { readonly problem: ZipProblem } {
  const dims: { path: readonly PathKey[]; length: number }[] = [];
  dimensions(section, [], dims);
  if (dims.length === 0) return { problem: { path: [], message: 'zip_override section contains no list values — nothing to zip' } };
  const empty = dims.find((d) => d.length === 0);
  if (empty !== undefined) return { problem: { path: empty.path, message: 'zip_override contains an empty list — cannot zip zero-length lists' } };
  const lengths = [...new Set(dims.map((d) => d.length).filter((n) => n !== 1))].sort((a, b) => a - b);
  if (lengths.length > 1) {
    const at = dims.find((d) => d.length === lengths[1])!;
    return { problem: { path: at.path, message: `Incompatible zip lengths [${lengths.join(', ')}]. All lists must have the same length or length 1 (broadcast).` } };
  }
  return { length: lengths[0] ?? 1 };
}

/**
 * Slice `i` of a zip section: every list replaced by its element `i` (or its only element).
 *
 * @example zipSlice({ backend: { tp: [4, 8] }, name: ['a'] }, 1) // → { backend: { tp: 8 }, name: 'a' }
 */
export function zipSlice(value: unknown, i: number): unknown {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : value[i];
  if (!isMap(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(value)) out[k] = zipSlice(x, i);
  return out;
}
