/** Reads `a.b.c` from a plain YAML document. */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Sets `a.b.c` in a copy of a document, creating missing parent maps. */
export function setPath(doc: unknown, path: string, value: unknown): unknown {
  const [key, ...rest] = path.split('.');
  const base = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  return { ...base, [key!]: rest.length === 0 ? value : setPath(base[key!], rest.join('.'), value) };
}
