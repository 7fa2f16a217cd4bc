import type { SrtConfig } from '@srt/core';
import { stringify } from 'yaml';

/** Drops `null`/`undefined` entries recursively (the reference's dumps carried `sweep: null`, quirk L3). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
  return out;
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
 * cluster defaults, aliases and CLI overrides applied, no nulls, so re-loading it gives
 * the same config.
 */
export function renderConfigSnapshot(config: SrtConfig): string {
  return stringify(withoutNulls(config), { lineWidth: 0, aliasDuplicateObjects: false });
}

/** YAML in block style with keys sorted (the dry-run sweep folders of cli.md §6.1). */
export function renderSortedYaml(value: unknown): string {
  return stringify(sortKeys(value), { lineWidth: 0, aliasDuplicateObjects: false, sortMapEntries: true });
}
