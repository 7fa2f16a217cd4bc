import { pyStr } from '@srt/core';

/**
 * Turns a SGLang option map into CLI flags (backends.md §3): entries sorted by the raw key
 * (code-point order, before `_`→`-`), `true` → bare flag, `false`/null → nothing, lists →
 * the flag then one Python-`str()` word per element, anything else → flag and Python `str()`
 * (quirk B10: nested maps stay Python repr for compatibility). `render` words each value and
 * list element (default Python `str()`; vLLM renders maps as JSON).
 */
export function configToCliArgs(options: Readonly<Record<string, unknown>>, render: (value: unknown) => string = pyStr): string[] {
  const keys = Object.keys(options);
  // UTF-16 order equals code-point order unless a key has a surrogate pair; skip the slow compare then.
  keys.sort(keys.some((k) => SURROGATE.test(k)) ? compareCodePoints : undefined);
  const args: string[] = [];
  for (const key of keys) {
    const value = options[key];
    const flag = `--${key.replaceAll('_', '-')}`;
    if (value === true) args.push(flag);
    else if (value === false || value === null || value === undefined) continue;
    else if (Array.isArray(value)) args.push(flag, ...value.map(render));
    else args.push(flag, render(value));
  }
  return args;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Python's `sorted()` on str: code-point order (JS `<` compares UTF-16 units, which differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a);
  const cb = Array.from(b);
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = ca[i]!.codePointAt(0)!;
    const y = cb[i]!.codePointAt(0)!;
    if (x !== y) return x - y;
  }
  return ca.length - cb.length;
}
