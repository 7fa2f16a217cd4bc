/**
 * Python's `str()` of a YAML value, where recipes' output depends on it (CLI flag values,
 * sweep job names): `True`, `None`, `1.0`, `1e-05`, `[1, 2]`, `{'k': 1}`.
 *
 * @example pyStr(true) // → 'True', as Python's str()
 */
export function pyStr(value: unknown): string {
  return render(value, false);
}

/**
 * Python's `repr()` of a YAML value: as `pyStr`, except that a string is quoted (`'a'`, `"it's"`).
 *
 * @example pyRepr('a') // → "'a'", as Python's repr()
 */
export function pyRepr(value: unknown): string {
  return render(value, true);
}

function render(value: unknown, nested: boolean): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyFloatOrInt(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return nested ? quoteString(value) : value;
  if (Array.isArray(value)) return `[${value.map((x) => render(x, true)).join(', ')}]`;
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>).map(([k, x]) => `${quoteString(k)}: ${render(x, true)}`);
    return `{${parts.join(', ')}}`;
  }
  return String(value);
}

function quoteString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s
    .replaceAll('\\', '\\\\')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t');
  return quote + (quote === "'" ? body.replaceAll("'", "\\'") : body) + quote;
}

/**
 * YAML `1.0` and `1` both arrive as the JS number 1, so integral numbers print as Python
 * ints; everything else prints as Python's float repr (see docs/porting-notes.md).
 */
function pyFloatOrInt(n: number): string {
  return Number.isInteger(n) ? String(n) : pyFloat(n);
}

/**
 * Python `repr(float)`: shortest round-trip digits, exponent form outside 1e-4 ≤ |x| < 1e16.
 *
 * @example pyFloat(1e-5) // → '1e-05', as Python prints a float
 */
export function pyFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mant = '', exp = '0'] = n.toExponential().split('e');
    const e = Number(exp);
    const sign = e < 0 ? '-' : '+';
    return `${mant}e${sign}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const s = String(n);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}
