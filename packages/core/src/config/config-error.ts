import { SrtError, type SrtErrorCode } from '../errors.ts';

/** One key of a path into a YAML document: a map key or a list index. */
export type PathKey = string | number;

/** A line and column (1-based) in a source file. */
export interface SourcePosition {
  readonly line: number;
  readonly col: number;
  /** The scalar's text as written, when the path ends at a scalar. */
  readonly text?: string;
}

/** One problem found in a recipe or cluster file, before it is placed in the file. */
export interface ConfigIssue {
  readonly path: readonly PathKey[];
  readonly message: string;
  /** Point at the key itself (unknown keys) rather than at its value. */
  readonly atKey?: boolean;
  /** Known position (YAML syntax errors); otherwise the path is looked up. */
  readonly position?: SourcePosition;
}

/** Finds where a path is in the source; `undefined` when there is no source text. */
export type IssueLocator = (path: readonly PathKey[], atKey: boolean) => SourcePosition | undefined;

/** A problem placed in its file. */
export interface LocatedIssue {
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly col?: number;
}

/**
 * `resources.gpus_per_node`, `benchmark.concurrencies.1`, or `(root)`.
 *
 * @example dotPath(['resources', 'gpus_per_node']) // → 'resources.gpus_per_node'
 */
export function dotPath(path: readonly PathKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** At most this many problems of one file are listed (`locateIssues`). */
export const MAX_LISTED_ISSUES = 100;

/** Places issues in their file, sorted by position (issues without one keep their order, last). */
export function locateIssues(all: readonly ConfigIssue[], locate?: IssueLocator): readonly LocatedIssue[] {
  // Only the first problems are placed and listed: a generated file with thousands of bad keys
  // must not cost thousands of look-ups or bury the first line.
  const issues = all.length > MAX_LISTED_ISSUES ? all.slice(0, MAX_LISTED_ISSUES) : all;
  const more: LocatedIssue[] =
    all.length > issues.length ? [{ path: '(root)', message: `and ${all.length - issues.length} more problems like these (fix the listed ones first)` }] : [];
  const located = issues.map((issue, order) => {
    const pos = issue.position ?? locate?.(issue.path, issue.atKey ?? false);
    const base = { path: dotPath(issue.path), message: withSourceText(issue.message, pos?.text) };
    return { order, issue: pos === undefined ? base : { ...base, line: pos.line, col: pos.col } };
  });
  const key = (x: LocatedIssue): number => (x.line === undefined ? Number.MAX_SAFE_INTEGER : x.line * 1e5 + (x.col ?? 0));
  located.sort((a, b) => key(a.issue) - key(b.issue) || a.order - b.order);
  return [...located.map((x) => x.issue), ...more];
}

/**
 * YAML 1.1 reads some unquoted text as numbers (`4:00:00` is 14400, `1_000` is 1000); say
 * what was written rather than the number it became.
 */
function withSourceText(message: string, text: string | undefined): string {
  const m = /^expected a string, got the (number|boolean) (.*) \(quote it, e\.g\. ".*"\)$/.exec(message);
  if (m === null || text === undefined || text === m[2]) return message;
  return `expected a string, got ${text}, which YAML reads as the ${m[1]} ${m[2]} (quote it: "${text}")`;
}

/** `file:line:col path: message` (or `file path: message` without a position). */
export function formatIssueLine(file: string, issue: LocatedIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.col ?? 1}`;
  return `${where} ${issue.path}: ${issue.message}`;
}

/** An invalid recipe or cluster file: every problem, each with its place in the file. */
export class ConfigError extends SrtError {
  override readonly name: string = 'SrtError';
  readonly file: string;
  readonly issues: readonly LocatedIssue[];

  constructor(code: SrtErrorCode, file: string, issues: readonly LocatedIssue[], what = '') {
    const n = issues.length;
    const lines = issues.map((i) => formatIssueLine(file, i));
    super(code, `${file}${what} has ${n} problem${n === 1 ? '' : 's'}`, { details: lines });
    this.file = file;
    this.issues = issues;
  }
}
