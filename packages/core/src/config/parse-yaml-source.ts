import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ConfigIssue, IssueLocator, PathKey, SourcePosition } from './config-error.ts';
import type { SrtErrorCode } from '../errors.ts';
import { LIMITS } from './limits.ts';
import { PYYAML_OPTIONS } from './pyyaml-tags.ts';
import { aliasRefusal, refuseYamlNodes, refuseYamlText, type YamlRefusal } from './yaml-limits.ts';

/** A YAML file as plain data, plus a way to find any path in the source. */
export interface YamlSource {
  /** Plain data (maps, lists, strings, numbers, booleans, null); `undefined` for an empty file. */
  readonly value: unknown;
  readonly locate: IssueLocator;
  /** Syntax errors, each with its position. */
  readonly issues: readonly ConfigIssue[];
  /** Duplicate keys: like the reference (PyYAML), the last value wins; each is a warning. */
  readonly warnings: readonly ConfigIssue[];
  /** The code for `issues` when the file broke a limit (`SRT_LIMIT_*`); otherwise the caller's own code. */
  readonly code?: SrtErrorCode;
}

/**
 * Parses YAML the way the reference's safe loader (PyYAML) reads recipes (YAML 1.1: `yes`/`on`
 * are booleans, `4:00:00` is a number, `04:00:00` a string, `y` and `1e-5` are strings) while keeping every node's position.
 *
 * @example parseYamlSource('gpus: 8\nenabled: yes\n').value // → { gpus: 8, enabled: true }
 */
export function parseYamlSource(text: string): YamlSource {
  const early = refuseYamlText(text);
  if (early !== undefined) return refused(early);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...PYYAML_OPTIONS, lineCounter, prettyErrors: false, uniqueKeys: false });
  const locate: IssueLocator = (path, atKey) => locatePath(doc, lineCounter, path, atKey, text);
  const issues: ConfigIssue[] = doc.errors.map((e) => {
    const offset = e.pos[0];
    return { path: [], message: `YAML syntax error: ${syntaxMessage(e.message)}`, position: toPosition(lineCounter, offset) };
  });
  if (issues.length > 0) {
    const deep = doc.errors.some((e) => /call stack/i.test(e.message));
    return { value: undefined, locate, issues, warnings: [], ...(deep ? { code: 'SRT_LIMIT_DEPTH' as const } : {}) };
  }
  const big = refuseYamlNodes(doc, lineCounter);
  if (big !== undefined) return refused(big, locate);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.aliases });
  } catch (e) {
    return refused(aliasRefusal(e, doc, lineCounter), locate);
  }
  const warnings = duplicateKeys(doc.contents, [], lineCounter);
  return { value: value === null && doc.contents === null ? undefined : value, locate, issues, warnings };
}

function refused(r: YamlRefusal, locate: IssueLocator = () => undefined): YamlSource {
  return { value: undefined, locate, issues: [r.issue], warnings: [], code: r.code };
}

function syntaxMessage(message: string): string {
  const first = firstLine(message);
  if (/multiple documents/i.test(first)) return 'the file holds several YAML documents (a `---` line after content): a recipe is one document, so split it into files';
  if (/call stack/i.test(first)) return `maps and lists are nested too deeply (the limit is ${LIMITS.depth} levels): flatten the structure`;
  return first;
}

/** Every repeated key of every map, at the later occurrence (the one whose value is kept). */
function duplicateKeys(node: unknown, path: readonly PathKey[], lc: LineCounter): ConfigIssue[] {
  if (isSeq(node)) return node.items.flatMap((item, i) => duplicateKeys(item, [...path, i], lc));
  if (!isMap(node)) return [];
  const out: ConfigIssue[] = [];
  const first = new Map<string, Node>();
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, pair.key);
    else {
      const line = positionOf(lc, earlier).line;
      const message = `duplicate key: only its last value counts (the earlier one on line ${line} is ignored); delete one of them`;
      out.push({ path: [...path, key], message, position: positionOf(lc, pair.key) });
    }
    out.push(...duplicateKeys(pair.value, [...path, key], lc));
  }
  return out;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function toPosition(lc: LineCounter, offset: number): SourcePosition {
  const { line, col } = lc.linePos(offset);
  return { line, col };
}

/**
 * Walks the path through the YAML nodes. A missing key points at its parent's key (or the
 * document start); a value that is a map or list points at the key that holds it.
 */
function locatePath(doc: Document, lc: LineCounter, path: readonly PathKey[], atKey: boolean, text: string): SourcePosition {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const [i, key] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (pair === undefined) break;
      keyNode = pair.key as Node;
      if (last && atKey) return positionOf(lc, keyNode);
      node = pair.value;
      if (node === null) return positionOf(lc, keyNode);
    } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
      node = node.items[key];
      keyNode = undefined;
    } else {
      break;
    }
  }
  if (isScalar(node) && node.range) return { ...positionOf(lc, node), text: text.slice(node.range[0], node.range[1]) };
  if (isScalar(node) || keyNode === undefined) return positionOf(lc, (node as Node | null) ?? undefined);
  return positionOf(lc, keyNode);
}

function positionOf(lc: LineCounter, node: Node | undefined): SourcePosition {
  const offset = node?.range?.[0];
  return offset === undefined ? { line: 1, col: 1 } : toPosition(lc, offset);
}
