import { pyStr } from '@srt/core';
import { compareCodePoints } from '../sglang/config-to-cli-args.ts';

const RESERVED = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
const PLAIN = /^[A-Za-z0-9_/.][A-Za-z0-9_./:@-]*$/;
/** What YAML 1.1 would read back as a number (int, float, sexagesimal, 0x/0o/0b). */
const NUMBER_LIKE = /^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|0[xob][0-9a-fA-F_]+|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;

/** Characters a single-quoted scalar cannot hold as they are. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyStr(value);
  const s = String(value);
  if (PLAIN.test(s) && !RESERVED.test(s) && !NUMBER_LIKE.test(s) && !s.endsWith(':')) return s;
  // Line breaks, tabs and other control characters do not survive a single-quoted scalar (a break
  // folds into a space): PyYAML writes such strings double-quoted with escapes, and so does this.
  if (CONTROL.test(s)) return JSON.stringify(s);
  return `'${s.replaceAll("'", "''")}'`;
}

const isMap = (x: unknown): x is Readonly<Record<string, unknown>> => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * PyYAML `safe_dump` of plain data (engines.md §4.3): block style, two-space indent, list items
 * at the parent key's indentation, `{}` / `[]` for empty collections, trailing newline. Keys
 * sorted (PyYAML's default) unless `sortKeys: false` (ser.yaml keeps insertion order).
 *
 * @example pyYamlDump({ tp: 8, b: { x: [1, 2] }, a: [] }) // → 'a: []\nb:\n  x:\n  - 1\n  - 2\ntp: 8\n'
 */
export function pyYamlDump(data: unknown, opts: { readonly sortKeys?: boolean } = {}): string {
  const sort = opts.sortKeys ?? true;
  const lines: string[] = [];
  const emit = (value: unknown, indent: string): void => {
    if (isMap(value)) {
      const keys = Object.keys(value);
      if (sort) keys.sort(compareCodePoints);
      for (const k of keys) child(`${indent}${scalar(k)}:`, value[k], indent, true);
    } else if (Array.isArray(value)) {
      for (const item of value) child(`${indent}-`, item, indent, false);
    }
  };
  const child = (head: string, value: unknown, indent: string, inMap: boolean): void => {
    if (isMap(value) && Object.keys(value).length > 0) {
      if (inMap) {
        lines.push(head);
        emit(value, `${indent}  `);
      } else {
        // `- key: v` then the other keys aligned under the first.
        const start = lines.length;
        emit(value, `${indent}  `);
        lines[start] = `${head} ${lines[start]!.slice(indent.length + 2)}`;
      }
    } else if (Array.isArray(value) && value.length > 0) {
      lines.push(head);
      emit(value, inMap ? indent : `${indent}  `);
    } else {
      lines.push(`${head} ${isMap(value) ? '{}' : Array.isArray(value) ? '[]' : scalar(value)}`);
    }
  };
  if ((isMap(data) && Object.keys(data).length === 0) || (Array.isArray(data) && data.length === 0)) return `${isMap(data) ? '{}' : '[]'}\n`;
  emit(data, '');
  return `${lines.join('\n')}\n`;
}
