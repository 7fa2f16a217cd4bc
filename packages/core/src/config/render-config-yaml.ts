import { Document, type Schema, stringify } from 'yaml';
import { isMap } from '../_is-map.ts';

const OPTIONS = { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false } as const;

/**
 * A config (or any plain document) as YAML that `parseConfig` reads back to the same
 * config: strings are quoted wherever YAML 1.1 would read them as something else
 * (`"yes"`, `"04:00:00"`, `"0.9"`). A validated config has no null fields, so none are
 * written (fix C2).
 *
 * The text is the yaml library's `stringify` (YAML 1.1, no line folding, no anchors), byte for
 * byte. A map whose every key and string is written plain or in plain double quotes is written
 * here directly, the way that library writes it (~0.2 ms instead of ~5 ms cold: a dry-run's config snapshot was a
 * tenth of its start-up); anything else (a string that needs quotes or a block, a key the
 * library would make explicit) goes to the library. tests/config/render-config-yaml.test.ts
 * holds the two to the same text over generated documents and every shipped recipe.
 *
 * @example parseConfig(renderConfigYaml(config), { source: 'copy.yaml' }).config // equals config
 */
export function renderConfigYaml(config: unknown): string {
  return renderPlainConfigYaml(config) ?? stringify(config, OPTIONS);
}

/**
 * `renderConfigYaml`'s own writer alone: the same text, or undefined when the document needs
 * the yaml library (see there).
 *
 * @example renderPlainConfigYaml({ name: 'a', environment: { X: '1' } }) // → 'name: a\nenvironment:\n  X: "1"\n'
 */
export function renderPlainConfigYaml(config: unknown): string | undefined {
  const lines: string[] = [];
  return isMap(config) && Object.keys(config).length > 0 && blockMap(config, '', lines) ? `${lines.join('\n')}\n` : undefined;
}

let schema: Schema | undefined;

/**
 * A key or a block value as the library writes it, by its own rules in its order: plain, or in
 * double quotes when plain would read back as something else (`"1"`, `"yes"`, `": x"`) and the
 * quotes need no escape; undefined for the rest (escapes, several lines, document markers, keys
 * long enough to be explicit `? ` keys, `<<`), which the library writes.
 */
function text(value: string): string | undefined {
  // `<<` is the merge tag's own string (written bare, even as a key).
  if (value.length > 1000 || value.includes('\n') || /^(%|---|\.\.\.)/m.test(value) || value === '<<') return undefined;
  if (plain(value)) return value;
  const quoted = JSON.stringify(value); // the library's double quotes: JSON's, escapes rewritten
  return quoted.includes('\\') ? undefined : quoted;
}

function plain(value: string): boolean {
  if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(value)) return false; // double quotes, escaped
  if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) return false;
  schema ??= new Document(null, OPTIONS).schema;
  const other = (tag: Schema['tags'][number]): boolean => Boolean(tag.default) && tag.tag !== 'tag:yaml.org,2002:str' && tag.test?.test(value) === true;
  return !schema.tags.some(other) && !(schema.compat ?? []).some(other);
}

/** A scalar as the library writes it in YAML 1.1, or undefined to leave the document to it. */
function scalar(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (value === true || value === false) return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
    return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  }
  return typeof value === 'string' ? text(value) : undefined;
}

const isPlainObject = (x: unknown): x is Readonly<Record<string, unknown>> => isMap(x) && Object.getPrototypeOf(x) === Object.prototype;

/** `key: value` lines (nested collections on the next lines, indented two more); false: leave it to the library. */
function blockMap(map: Readonly<Record<string, unknown>>, indent: string, lines: string[]): boolean {
  for (const [key, value] of Object.entries(map)) {
    const written = text(key);
    if (written === undefined || value === undefined) return false;
    if (!entry(`${indent}${written}:`, value, `${indent}  `, lines)) return false;
  }
  return true;
}

/** `- item` lines; a collection item starts on the dash's line. */
function blockSeq(seq: readonly unknown[], indent: string, lines: string[]): boolean {
  for (const item of seq) {
    if (item === undefined) return false;
    const nested = isPlainObject(item) ? Object.keys(item).length > 0 : Array.isArray(item) && item.length > 0;
    if (!nested) {
      if (!entry(`${indent}-`, item, '', lines)) return false;
      continue;
    }
    const start = lines.length;
    if (!(isPlainObject(item) ? blockMap(item, `${indent}  `, lines) : blockSeq(item as readonly unknown[], `${indent}  `, lines))) return false;
    lines[start] = `${indent}- ${lines[start]!.slice(indent.length + 2)}`;
  }
  return true;
}

/** `head value` for a scalar or an empty collection, else `head` and the collection below it. */
function entry(head: string, value: unknown, below: string, lines: string[]): boolean {
  if (isPlainObject(value) || Array.isArray(value)) {
    const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
    if (empty) {
      lines.push(`${head} ${Array.isArray(value) ? '[]' : '{}'}`);
      return true;
    }
    lines.push(head);
    return Array.isArray(value) ? blockSeq(value, below, lines) : blockMap(value as Readonly<Record<string, unknown>>, below, lines);
  }
  const text = scalar(value);
  if (text === undefined) return false;
  lines.push(`${head} ${text}`);
  return true;
}
