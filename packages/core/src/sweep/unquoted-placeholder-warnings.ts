import { formatIssueLine, locateIssues, type ConfigIssue, type IssueLocator, type PathKey } from '../config/config-error.ts';

/**
 * Warns about `{x}` written without quotes for a sweep parameter `x` (quirk C10): YAML reads
 * it as the map `{x: null}`, which is never substituted.
 */
export function unquotedPlaceholderWarnings(
  document: unknown,
  parameters: readonly string[],
  source: string,
  locate?: IssueLocator,
): readonly string[] {
  const issues: ConfigIssue[] = [];
  const visit = (value: unknown, path: readonly PathKey[]): void => {
    if (Array.isArray(value)) {
      value.forEach((x, i) => visit(x, [...path, i]));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const entries = Object.entries(value);
    const [only] = entries;
    if (entries.length === 1 && only !== undefined && only[1] === null && parameters.includes(only[0])) {
      const message = `{${only[0]}} without quotes is a YAML map, not a sweep placeholder: write "{${only[0]}}"`;
      issues.push({ path, message });
      return;
    }
    for (const [k, x] of entries) visit(x, [...path, k]);
  };
  visit(document, []);
  return locateIssues(issues, locate).map((i) => formatIssueLine(source, i));
}
