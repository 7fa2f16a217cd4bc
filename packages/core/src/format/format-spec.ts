import { LIMITS } from '../config/limits.ts';
import { SrtError } from '../errors.ts';
import { pyFloat, pyStr } from './py-str.ts';
import { formatCount } from './format-count.ts';

const SPEC = /^(?:([\s\S])?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

interface Spec {
  readonly fill: string;
  readonly align: string | undefined;
  readonly sign: string;
  readonly alt: boolean;
  readonly zero: boolean;
  readonly width: number;
  readonly group: string | undefined;
  readonly precision: number | undefined;
  readonly type: string | undefined;
}

/** Python's `format(value, spec)` for strings, ints, floats and booleans (the format mini-language). */
export function applyFormatSpec(value: unknown, spec: string): string {
  if (spec === '') return pyStr(value);
  const m = SPEC.exec(spec);
  if (m === null) throw invalid(`Invalid format specifier '${spec}'`);
  const s: Spec = {
    fill: m[1] ?? (m[5] !== undefined && m[2] === undefined ? '0' : ' '),
    align: m[2] ?? (m[5] !== undefined ? '=' : undefined),
    sign: m[3] ?? '-',
    alt: m[4] !== undefined,
    zero: m[5] !== undefined,
    width: m[6] === undefined ? 0 : Number(m[6]),
    group: m[7],
    precision: m[8] === undefined ? undefined : Number(m[8]),
    type: m[9],
  };
  const widest = Math.max(s.width, s.precision ?? 0);
  if (widest > LIMITS.placeholderWidth) {
    throw new SrtError(
      'SRT_LIMIT_PLACEHOLDER_WIDTH',
      `The format spec '${spec.length > 40 ? `${spec.slice(0, 40)}...` : spec}' asks for ${formatCount(widest)} characters, over the limit of ${LIMITS.placeholderWidth}: use a smaller width or precision`,
    );
  }
  // Python formats a bool with a non-empty spec as the int it is.
  if (typeof value === 'number' || typeof value === 'boolean') return formatNumber(Number(value), s);
  const text = typeof value === 'string' ? value : pyStr(value);
  if (s.type !== undefined && s.type !== 's') {
    throw invalid(`Unknown format code '${s.type}' for a string value ${JSON.stringify(text)}`);
  }
  if (s.align === '=' || s.sign !== '-' || s.group !== undefined) throw invalid(`Invalid format specifier '${spec}' for a string value`);
  return pad(s.precision === undefined ? text : text.slice(0, s.precision), '', s, '<');
}

function formatNumber(n: number, s: Spec): string {
  const type = s.type ?? (Number.isInteger(n) ? 'd' : '');
  if ('dxXobcn'.includes(type) && !Number.isInteger(n)) {
    throw invalid(`Unknown format code '${type}' for the non-integer ${pyFloat(n)}`);
  }
  const neg = n < 0 || Object.is(n, -0);
  const abs = Math.abs(n);
  let body: string;
  let prefix = '';
  switch (type) {
    case 'd':
    case 'n':
      body = group(String(abs), s.group, 3);
      break;
    case 'x':
    case 'X':
    case 'o':
    case 'b': {
      const base = type === 'o' ? 8 : type === 'b' ? 2 : 16;
      body = group(abs.toString(base), s.group, 4);
      if (type === 'X') body = body.toUpperCase();
      if (s.alt) prefix = type === 'X' ? '0X' : `0${type}`;
      break;
    }
    case 'c':
      return pad(String.fromCodePoint(n), '', s, '>');
    case 'f':
    case 'F':
      body = groupFixed(abs.toFixed(s.precision ?? 6), s.group);
      break;
    case '%':
      body = `${groupFixed((abs * 100).toFixed(s.precision ?? 6), s.group)}%`;
      break;
    case 'e':
    case 'E':
      body = exponent(abs, s.precision ?? 6);
      if (type === 'E') body = body.toUpperCase();
      break;
    case 'g':
    case 'G':
      body = general(abs, s.precision ?? 6, s.alt);
      if (type === 'G') body = body.toUpperCase();
      break;
    default:
      body = s.precision === undefined ? pyFloat(abs) : general(abs, s.precision, s.alt);
  }
  const sign = neg ? '-' : s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
  return pad(body, sign + prefix, s, '>');
}

function pad(body: string, signPrefix: string, s: Spec, defaultAlign: string): string {
  const len = [...signPrefix].length + [...body].length;
  const n = Math.max(0, s.width - len);
  const fill = s.fill.repeat(n);
  switch (s.align ?? defaultAlign) {
    case '<':
      return signPrefix + body + fill;
    case '^':
      return s.fill.repeat(Math.floor(n / 2)) + signPrefix + body + s.fill.repeat(n - Math.floor(n / 2));
    case '=':
      return signPrefix + fill + body;
    default:
      return fill + signPrefix + body;
  }
}

function group(digits: string, sep: string | undefined, every: number): string {
  if (sep === undefined) return digits;
  const out: string[] = [];
  for (let end = digits.length; end > 0; end -= every) out.unshift(digits.slice(Math.max(0, end - every), end));
  return out.join(sep);
}

function groupFixed(fixed: string, sep: string | undefined): string {
  const [int = '', frac] = fixed.split('.');
  const g = group(int, sep, 3);
  return frac === undefined ? g : `${g}.${frac}`;
}

function exponent(abs: number, precision: number): string {
  const [mant = '', exp = '0'] = abs.toExponential(precision).split('e');
  const e = Number(exp);
  return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

function general(abs: number, precision: number, alt: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (abs === 0) return alt ? `0.${'0'.repeat(p - 1)}` : '0';
  const exp = Number(abs.toExponential(p - 1).split('e')[1]);
  const strip = (t: string): string => (alt || !t.includes('.') ? t : t.replace(/\.?0+$/, ''));
  if (exp >= -4 && exp < p) return strip(abs.toFixed(p - 1 - exp));
  const [mant = '', e = ''] = exponent(abs, p - 1).split('e');
  return `${strip(mant)}e${e}`;
}

function invalid(message: string): SrtError {
  return new SrtError('SRT_PLACEHOLDER_INVALID', `${message}: see Python's format mini-language (e.g. {gpus_per_node:02d})`);
}
