import { stringify } from 'yaml';

/**
 * A value with every `null`/`undefined` map entry removed, at any depth (fix C2: a
 * serialised config re-loads, since absent and null mean the same to the schema).
 */
export function omitNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(omitNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, x]) => x !== null && x !== undefined)
        .map(([k, x]) => [k, omitNulls(x)]),
    );
  }
  return value;
}

/**
 * A config (or any plain document) as YAML that `parseConfig` reads back to the same
 * config: nulls omitted, strings quoted wherever YAML 1.1 would read them as something else.
 */
export function renderConfigYaml(config: unknown): string {
  return stringify(omitNulls(config), { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
}
