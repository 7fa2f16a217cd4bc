import { relative } from 'node:path';

/**
 * A path as the user reads it: relative to the working directory when inside it (`outputs/42`),
 * else absolute (an `-o DIR` elsewhere), never `../../…`.
 *
 * @example shownPath('/work', '/work/outputs/42') // 'outputs/42'
 * @example shownPath('/work', '/shared/runs/42') // '/shared/runs/42'
 */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') ? path : rel;
}
