/**
 * `path.posix.resolve(cwd, p)` without its `process.cwd()` fallback (planning stays pure):
 * absolute against `cwd`, `.`/`..` and duplicate slashes normalised, no trailing slash.
 */
export function resolvePosix(cwd: string, p: string): string {
  const parts: string[] = [];
  for (const seg of (p.startsWith('/') ? p : `${cwd}/${p}`).split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/** Expands a leading `~` (alone or before `/`) to `home`. */
export function expandHome(p: string, home: string | undefined): string {
  return home !== undefined && (p === '~' || p.startsWith('~/')) ? home + p.slice(1) : p;
}
