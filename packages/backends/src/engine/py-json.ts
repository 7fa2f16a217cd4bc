/**
 * Python's `json.dumps` with its default separators (`", "`, `": "`) and `ensure_ascii`, for
 * the JSON flags whose text must equal the reference's (engines.md §3.4).
 */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${pyJsonDumps(String(k))}: ${pyJsonDumps(v)}`).join(', ')}}`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyJsonDumps(k)}: ${pyJsonDumps(v)}`).join(', ')}}`;
}
