import type * as v from 'valibot';
import { MAX_LISTED_ISSUES, type ConfigIssue, type PathKey } from './config-error.ts';
import { didYouMean } from './did-you-mean.ts';

type AnySchema = v.GenericSchema & {
  readonly wrapped?: AnySchema;
  readonly entries?: Readonly<Record<string, AnySchema>>;
  readonly item?: AnySchema;
  readonly value?: AnySchema;
  readonly rest?: AnySchema;
  readonly options?: readonly AnySchema[];
};

/**
 * Every key of `value` that a strict object schema does not know, at any depth, each with
 * a "did you mean" suggestion, and every list given where a map belongs. valibot's
 * `strictObject` reports only the first unknown key of an object; users fixing a recipe
 * want all of them at once.
 */
export function findUnknownKeys(schema: v.GenericSchema, value: unknown, path: readonly PathKey[] = []): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  walk(schema as AnySchema, value, path, out);
  return out;
}

function walk(schema: AnySchema, value: unknown, path: readonly PathKey[], out: ConfigIssue[]): void {
  const s = unwrap(schema);
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (s.type === 'array' && s.item !== undefined) value.forEach((x, i) => walk(s.item!, x, [...path, i], out));
    // valibot reads a list as a map with keys "0", "1", ... (a record would even accept it)
    else if (s.type === 'record' || s.entries !== undefined) out.push({ path, message: 'expected a map of key: value, got a list' });
    return;
  }
  const map = value as Record<string, unknown>;
  if (s.type === 'record' && s.value !== undefined) {
    for (const [k, x] of Object.entries(map)) walk(s.value, x, [...path, k], out);
    return;
  }
  if (s.entries === undefined) return;
  const known = Object.keys(s.entries);
  for (const [k, x] of Object.entries(map)) {
    const entry = s.entries[k];
    if (entry !== undefined) walk(entry, x, [...path, k], out);
    // Past the problems that are listed, the (costly) suggestion would never be shown.
    else if (s.type === 'strict_object') {
      out.push(out.length < MAX_LISTED_ISSUES ? unknownKeyIssue([...path, k], k, known) : { path: [...path, k], message: 'unknown key', atKey: true });
    }
  }
}

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  while (s.wrapped !== undefined) s = s.wrapped;
  return s;
}

/** `unknown key; did you mean \`gpus_per_node\`?` (or the list of allowed keys). */
export function unknownKeyIssue(path: readonly PathKey[], key: string, known: readonly string[]): ConfigIssue {
  const guess = didYouMean(key, known);
  const hint = guess === undefined ? `allowed keys: ${known.join(', ')}` : `did you mean \`${guess}\`?`;
  return { path, message: `unknown key; ${hint}`, atKey: true };
}
