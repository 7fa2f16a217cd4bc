import { parseDocument } from 'yaml';
import { isMap } from '../_is-map.ts';
import type { PathKey } from '../config/config-error.ts';
import { PYYAML_OPTIONS } from '../config/pyyaml-tags.ts';
import { SrtError } from '../errors.ts';

/** One `--set PATH=VALUE` or `--unset PATH` from the command line (§3.2), parsed. */
export type DocumentEdit =
  | { readonly op: 'set'; readonly arg: string; readonly path: readonly PathKey[]; readonly pathText: string; readonly value: unknown }
  | { readonly op: 'unset'; readonly arg: string; readonly path: readonly PathKey[]; readonly pathText: string };

/** What an edit did, as recorded in the job metadata and the `--json` record. */
export type AppliedEdit =
  | { readonly op: 'set'; readonly path: string; readonly value: unknown }
  | { readonly op: 'unset'; readonly path: string; readonly removed: boolean };

function usage(message: string): SrtError {
  return new SrtError('SRT_USAGE', message);
}

/**
 * Parses a path: `a.b`, `a[0].b`, `container_mounts."/data/v1.2"`. Throws `SRT_USAGE`
 * naming the column of the problem.
 *
 * @example parseEditPath('backend.args[0].tp', '--set') // → ['backend', 'args', 0, 'tp']
 */
export function parseEditPath(text: string, flag: string): readonly PathKey[] {
  const fail = (reason: string): never => {
    throw usage(`${flag} ${text}: invalid path: ${reason}`);
  };
  const out: PathKey[] = [];
  let i = 0;
  const segment = (): void => {
    const q = text[i];
    if (q === '"' || q === "'") {
      let s = '';
      i += 1;
      for (;;) {
        if (i >= text.length) fail(`unterminated quote at column ${i}`);
        const c = text[i]!;
        if (c === '\\' && (text[i + 1] === q || text[i + 1] === '\\')) {
          s += text[i + 1];
          i += 2;
        } else if (c === q) {
          i += 1;
          break;
        } else {
          s += c;
          i += 1;
        }
      }
      out.push(s);
      return;
    }
    const m = /^[^.[\]="'\s]+/.exec(text.slice(i));
    if (m === null) fail(i >= text.length ? `empty segment at column ${i + 1}` : `unexpected ${JSON.stringify(text[i])} at column ${i + 1}`);
    out.push(m![0]);
    i += m![0].length;
  };
  if (text === '') fail('empty path');
  segment();
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      i += 1;
      segment();
    } else if (c === '[') {
      const m = /^\[(\d+)\]/.exec(text.slice(i));
      if (m === null) fail(`expected [N] with decimal digits at column ${i + 1}`);
      out.push(Number(m![1]));
      i += m![0].length;
    } else fail(`unexpected ${JSON.stringify(c)} at column ${i + 1}`);
  }
  return out;
}

/** Splits `PATH=VALUE` at the first `=` outside a quoted segment. */
function splitSet(arg: string): readonly [string, string] {
  let quote: string | undefined;
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i]!;
    if (quote !== undefined) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '=') return [arg.slice(0, i), arg.slice(i + 1)];
  }
  throw usage(`--set needs PATH=VALUE, got ${JSON.stringify(arg)}`);
}

function hasMap(value: unknown): boolean {
  return Array.isArray(value) ? value.some((x) => isMap(x) || hasMap(x)) : false;
}

/**
 * Types a `--set` value as a recipe value is typed (YAML 1.1, PyYAML's resolver): numbers,
 * booleans, null, strings, lists; a mapping stays the literal text (engine flags take JSON).
 *
 * @example parseEditValue('[1, 2, 4]', 'benchmark.concurrencies') // → [1, 2, 4]
 */
export function parseEditValue(text: string, pathText: string): unknown {
  const doc = parseDocument(text, { ...PYYAML_OPTIONS, prettyErrors: false });
  if (doc.errors.length > 0) {
    const reason = (doc.errors[0]!.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw usage(`--set ${pathText}: value is not a single YAML value (${reason}); quote it to pass text`);
  }
  const value = doc.toJS() as unknown;
  if (isMap(value)) return text;
  if (hasMap(value)) throw usage(`--set ${pathText}: a --set list cannot contain a mapping; write it in the recipe`);
  return value === undefined ? null : value;
}

/**
 * Parses the `--set`/`--unset` words in command-line order.
 *
 * @example parseDocumentEdits([{ flag: 'set', value: 'health_check.max_attempts=720' }]) // → [{ op: 'set', arg: 'health_check.max_attempts=720', path: ['health_check', 'max_attempts'], pathText: 'health_check.max_attempts', value: 720 }]
 */
export function parseDocumentEdits(words: readonly { readonly flag: 'set' | 'unset'; readonly value: string }[]): readonly DocumentEdit[] {
  return words.map(({ flag, value: arg }) => {
    if (flag === 'unset') return { op: 'unset', arg, path: parseEditPath(arg, '--unset'), pathText: arg };
    const [pathText, valueText] = splitSet(arg);
    const path = parseEditPath(pathText, '--set');
    return { op: 'set', arg, path, pathText, value: parseEditValue(valueText, pathText) };
  });
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'number';
}

function pathPrefix(path: readonly PathKey[], n: number): string {
  return path.slice(0, n).reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s === '' ? k : `${s}.${k}`), '');
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, clone(x)]));
  return value;
}

/** Sets a path in a (copied) document; missing or null parents become maps. */
function setPath(doc: Record<string, unknown>, edit: Extract<DocumentEdit, { op: 'set' }>): void {
  let node: unknown = doc;
  edit.path.forEach((key, i) => {
    const last = i === edit.path.length - 1;
    const here = pathPrefix(edit.path, i);
    if (typeof key === 'number') {
      if (!Array.isArray(node) || key >= node.length) {
        const len = Array.isArray(node) ? node.length : 0;
        throw usage(`--set ${edit.pathText}: ${here} has ${len} element${len === 1 ? '' : 's'}, no [${key}]`);
      }
    } else if (!isMap(node)) {
      throw usage(`--set ${edit.pathText}: ${here} is a ${kindOf(node)}, not a map`);
    }
    const container = node as Record<PathKey, unknown>;
    if (last) {
      container[key] = clone(edit.value);
      return;
    }
    const next = container[key];
    if (next === undefined || next === null) container[key] = typeof edit.path[i + 1] === 'number' ? [] : {};
    node = container[key];
  });
}

function unsetPath(doc: Record<string, unknown>, path: readonly PathKey[]): boolean {
  let node: unknown = doc;
  for (const [i, key] of path.entries()) {
    const last = i === path.length - 1;
    if (typeof key === 'number') {
      if (!Array.isArray(node) || key >= node.length) return false;
      if (last) {
        node.splice(key, 1);
        return true;
      }
      node = node[key];
    } else {
      if (!isMap(node) || !Object.hasOwn(node, key)) return false;
      if (last) {
        delete (node as Record<string, unknown>)[key];
        return true;
      }
      node = node[key];
    }
  }
  return false;
}

/**
 * Applies the edits in order to a copy of a document (the input is not mutated). An
 * `--unset` of an absent path changes nothing and gives a warning.
 *
 * @example applyDocumentEdits({ a: 1 }, parseDocumentEdits([{ flag: 'set', value: 'b.c=2' }])).document // { a: 1, b: { c: 2 } }
 */
export function applyDocumentEdits(
  document: Readonly<Record<string, unknown>>,
  edits: readonly DocumentEdit[],
): { readonly document: Record<string, unknown>; readonly applied: readonly AppliedEdit[]; readonly warnings: readonly string[] } {
  if (edits.length === 0) return { document: { ...document }, applied: [], warnings: [] };
  const doc = clone(document) as Record<string, unknown>;
  const applied: AppliedEdit[] = [];
  const warnings: string[] = [];
  for (const edit of edits) {
    if (edit.op === 'set') {
      setPath(doc, edit);
      applied.push({ op: 'set', path: edit.pathText, value: clone(edit.value) });
    } else {
      const removed = unsetPath(doc, edit.path);
      if (!removed) warnings.push(`--unset ${edit.pathText}: not present, nothing removed`);
      applied.push({ op: 'unset', path: edit.pathText, removed });
    }
  }
  return { document: doc, applied, warnings };
}

/**
 * `set health_check.max_attempts=720; unset sbatch_directives.exclude` (dry-run's summary line).
 *
 * @example describeEdits(parseDocumentEdits([{ flag: 'set', value: 'health_check.max_attempts=720' }, { flag: 'unset', value: 'sbatch_directives.exclude' }])) // → 'set health_check.max_attempts=720; unset sbatch_directives.exclude'
 */
export function describeEdits(edits: readonly DocumentEdit[]): string {
  return edits.map((e) => (e.op === 'set' ? `set ${e.arg}` : `unset ${e.arg}`)).join('; ');
}

/**
 * The edit that wrote a config path (the last one whose path is a prefix of it), 1-based.
 *
 * @example editFor(edits, ['health_check', 'max_attempts']) // after --set health_check.max_attempts=720 → { edit: { op: 'set', path: ['health_check', 'max_attempts'], value: 720, … }, number: 1 }
 */
export function editFor(edits: readonly DocumentEdit[], path: readonly PathKey[]): { readonly edit: DocumentEdit; readonly number: number } | undefined {
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i]!;
    if (e.op === 'set' && e.path.length <= path.length && e.path.every((k, j) => String(k) === String(path[j]))) return { edit: e, number: i + 1 };
  }
  return undefined;
}
