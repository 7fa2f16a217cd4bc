import * as v from 'valibot';
import { dotPath, type ConfigIssue, type PathKey } from './config-error.ts';
import { findUnknownKeys } from './find-unknown-keys.ts';
import { issuesFromValibot } from './valibot-issues.ts';

/** The result of checking a value against a schema: output when valid, every issue otherwise. */
export type SchemaCheck<T> =
  | { readonly success: true; readonly output: T; readonly issues: readonly [] }
  | { readonly success: false; readonly issues: readonly ConfigIssue[] };

/**
 * Runs a valibot schema and the unknown-key walker together: every unknown key (not just
 * the first of each object), lists given where maps belong, each issue once.
 */
export function checkSchema<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  prefix: readonly PathKey[] = [],
): SchemaCheck<v.InferOutput<S>> {
  const parsed = v.safeParse(schema, value);
  const walker = findUnknownKeys(schema, value, prefix);
  const walkedKeys = new Set(walker.filter((i) => i.atKey).map((i) => dotPath(i.path)));
  const seen = new Set<string>();
  const issues = [...issuesFromValibot(parsed.issues ?? [], prefix), ...walker].filter((i) => {
    if (i.atKey && i.message === 'unknown key' && walkedKeys.has(dotPath(i.path))) return false;
    const key = `${dotPath(i.path)}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (parsed.success && issues.length === 0) return { success: true, output: parsed.output, issues: [] };
  return { success: false, issues };
}
