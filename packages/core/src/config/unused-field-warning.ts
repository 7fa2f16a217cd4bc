import type { ConfigIssue } from './config-error.ts';
import type { RuleInput } from './config-rule.ts';

/** Keys the reference accepts but never uses (quirk C5); we accept them too, with a warning. */
const UNUSED_FIELDS: readonly (readonly string[])[] = [['enable_config_dump'], ['backend', 'gpu_type']];

/** Warns about fields that are accepted for compatibility but have no effect. */
export function unusedFieldWarning({ document }: RuleInput): readonly ConfigIssue[] {
  return UNUSED_FIELDS.filter((path) => has(document, path)).map((path) => ({
    path,
    message: 'accepted for compatibility but has no effect; you can delete it',
    atKey: true,
  }));
}

function has(doc: unknown, path: readonly string[]): boolean {
  let node = doc;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}
