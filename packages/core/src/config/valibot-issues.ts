import type * as v from 'valibot';
import type { ConfigIssue, PathKey } from './config-error.ts';
import { describeValue } from './scalars.ts';

const MAP_TYPES = new Set(['strict_object', 'object', 'loose_object', 'object_with_rest', 'record']);

/** valibot issues as config issues: paths as keys, default messages rewritten for recipe authors. */
export function issuesFromValibot(issues: readonly v.BaseIssue<unknown>[], prefix: readonly PathKey[] = []): ConfigIssue[] {
  const out = issues.flatMap((issue): ConfigIssue[] => {
    const path = [...prefix, ...(issue.path ?? []).map((p) => p.key as PathKey)];
    // A union whose list/map option matched the input's shape: report that option's inner
    // problems (`benchmark.concurrencies.1: expected a whole number`), not "no option matched".
    const inner = issue.type === 'union' ? (issue.issues ?? []).filter((i) => (i.path?.length ?? 0) > 0) : [];
    if (inner.length > 0) return issuesFromValibot(inner, path);
    return [single(issue, path)];
  });
  const seen = new Set<string>();
  return out.filter((i) => {
    const key = `${i.path.join('\u0000')}\u0001${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function single(issue: v.BaseIssue<unknown>, path: readonly PathKey[]): ConfigIssue {
  const last = issue.path?.at(-1);
  const origin = last?.origin;
  if (MAP_TYPES.has(issue.type) && origin === 'key' && Array.isArray(last?.input)) {
    // valibot treats a list as an object with keys "0", "1", ...
    return { path: path.slice(0, -1), message: 'expected a map of key: value, got a list' };
  }
  if (MAP_TYPES.has(issue.type) && origin === 'key') {
    return issue.expected === 'never'
      ? { path, message: 'unknown key', atKey: true }
      : { path, message: 'required key is missing' };
  }
  return { path, message: messageOf(issue) };
}

function messageOf(issue: v.BaseIssue<unknown>): string {
  if (!issue.message.startsWith('Invalid ')) return issue.message;
  if (MAP_TYPES.has(issue.type)) return `expected a map of key: value, got ${describeValue(issue.input)}`;
  if (issue.type === 'array') return `expected a list, got ${describeValue(issue.input)}`;
  if (issue.type === 'picklist') return `expected one of ${issue.expected ?? '?'}, got ${describeValue(issue.input)}`;
  if (issue.type === 'string') return `expected a string, got ${describeValue(issue.input)}`;
  if (issue.type === 'number') return `expected a number, got ${describeValue(issue.input)}`;
  if (issue.type === 'boolean') return `expected true or false, got ${describeValue(issue.input)}`;
  return issue.message;
}
