import { renderConfigYaml, type SrtConfig } from '@srt/core';

/** Drops `null`/`undefined` map entries recursively (the reference's dumps carried `sweep: null`, quirk L3). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, x]) => x !== null && x !== undefined)
      .map(([k, x]) => [k, withoutNulls(x)]),
  );
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

/**
 * The resolved config as YAML, the copy a job runs from (`outputs/<id>/config.yaml`):
 * cluster defaults, aliases and CLI overrides applied, no nulls, quoted so that the
 * YAML 1.1 loader reads back the same config.
 */
export function renderConfigSnapshot(config: SrtConfig): string {
  return renderConfigYaml(withoutNulls(config));
}

/** YAML in block style with keys sorted (the dry-run sweep folders of cli.md §6.1). */
export function renderSortedYaml(value: unknown): string {
  return renderConfigYaml(sortKeys(value));
}
