import { posix } from 'node:path';
import { expandHome, resolvePosix } from './_posix-path.ts';
import { formatTemplate, type PlaceholderValue } from './format-template.ts';

export interface FormatPathOptions {
  readonly vars?: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Home directory for a leading `~` (default `vars.HOME`). */
  readonly home?: string;
  /** Make the path absolute against `cwd` (default true; false for container-side paths). */
  readonly absolute?: boolean;
}

/**
 * Formats a path template (placeholders, env vars), expands a leading `~`, and normalises
 * it (absolute against `cwd` by default). Pure: symlinks are not resolved.
 *
 * @example formatPath('./outputs/{job_id}', { job_id: '42' }, { cwd: '/work' }) // '/work/outputs/42'
 */
export function formatPath(
  template: string,
  values: Readonly<Record<string, PlaceholderValue>>,
  opts: FormatPathOptions,
): string {
  const vars = opts.vars ?? {};
  const path = expandHome(formatTemplate(template, values, vars), opts.home ?? vars['HOME']);
  if (opts.absolute ?? true) return resolvePosix(opts.cwd, path);
  const normal = posix.normalize(path);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}
