import * as v from 'valibot';

const shown = (input: unknown): string => (typeof input === 'string' ? JSON.stringify(input) : String(input));

/**
 * Scalar schemas with the recipe coercions the reference accepts (numeric strings for
 * integers, yes/no strings for booleans), minus its silent float truncation: `4.5` for an
 * integer field is an error, not 4.
 */
export const Int = v.union(
  [
    v.pipe(
      v.number(),
      v.integer((issue) => `expected a whole number, got ${shown(issue.input)} (fractions are not truncated)`),
    ),
    v.pipe(
      v.string(),
      // Python int(): surrounding blanks, a sign, `_` between digits ("1_000").
      v.regex(/^\s*[+-]?\d+(?:_\d+)*\s*$/, (issue) => `expected a whole number (for example 8), got ${shown(issue.input)}`),
      v.transform((s) => Number.parseInt(s.replaceAll('_', ''), 10)),
    ),
  ],
  (issue) => `expected a whole number (for example 8), got ${describeValue(issue.input)}`,
);

/** A whole number ≥ 1 (counts). */
export const PositiveInt = v.pipe(
  Int,
  v.minValue(1, (issue) => `must be at least 1, got ${shown(issue.input)}`),
);
/** A whole number ≥ 0. */
export const NonNegativeInt = v.pipe(
  Int,
  v.minValue(0, (issue) => `must be 0 or more, got ${shown(issue.input)}`),
);

const FLOAT_TEXT = /^\s*[+-]?(?:(?:\d+(?:_\d+)*)?\.?\d+(?:_\d+)*(?:[eE][+-]?\d+(?:_\d+)*)?|\d+(?:_\d+)*\.|inf|infinity|nan)\s*$/i;

/** A number, also from a numeric string as Python float() reads it ("0.5", "1e-3", " 2 "); booleans are rejected. */
export const Float = v.union(
  [
    v.number(),
    v.pipe(
      v.string(),
      v.regex(FLOAT_TEXT, (issue) => `expected a number, got ${shown(issue.input)}`),
      v.transform((s) => {
        const t = s.trim().replaceAll('_', '').toLowerCase().replace(/^\+/, '');
        if (/^-?inf(inity)?$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
        return t.endsWith('nan') ? Number.NaN : Number(t);
      }),
    ),
  ],
  (issue) => `expected a number, got ${describeValue(issue.input)}`,
);

const TRUE_WORDS = ['t', 'T', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'y', 'Y', 'yes', 'Yes', 'YES', '1'] as const;
const FALSE_WORDS = ['f', 'F', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', 'n', 'N', 'no', 'No', 'NO', '0'] as const;

/** A boolean, also from the yes/no/on/off words and 0/1 the reference accepts. */
export const Bool = v.union(
  [
    v.boolean(),
    v.pipe(
      v.picklist([...TRUE_WORDS, ...FALSE_WORDS]),
      v.transform((s) => (TRUE_WORDS as readonly string[]).includes(s)),
    ),
    v.pipe(
      v.picklist([0, 1]),
      v.transform((n) => n === 1),
    ),
  ],
  (issue) => `expected true or false, got ${describeValue(issue.input)}`,
);

/** A string; numbers and booleans are rejected with a hint to quote them. */
export const Str = v.string((issue) => `expected a string, got ${describeValue(issue.input)}${quoteHint(issue.input)}`);

/** A map of string to string, as environment variables are. */
export const StrMap = v.record(v.string(), Str);

/** A free-form map whose values are passed through as written. */
export const AnyMap = v.record(v.string(), v.unknown());

/** A value that may be absent or null; both mean "not set". */
export const opt = <T extends v.GenericSchema>(schema: T) => v.nullish(schema);

/** A defaulted value: absent or null means the default. */
export const def = <T extends v.GenericSchema, D extends v.Default<T, null | undefined>>(schema: T, d: D) =>
  v.nullish(schema, d);

/** Adds a description (shown in the JSON Schema and editor tooltips). */
export const withDescription = <T extends v.GenericSchema>(schema: T, text: string) => v.pipe(schema, v.description(text));

/**
 * Names a YAML value's kind for messages: `the number 1`, `a list`, `a map`, `null`.
 *
 * @example describeValue('8') // how an error message names the value it got
 */
export function describeValue(input: unknown): string {
  if (input === null || input === undefined) return 'nothing (null)';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a map';
  if (typeof input === 'string') return `the string ${JSON.stringify(input)}`;
  if (typeof input === 'boolean') return `the boolean ${String(input)}`;
  if (typeof input === 'number') return `the number ${String(input)}`;
  return typeof input;
}

function quoteHint(input: unknown): string {
  return typeof input === 'number' || typeof input === 'boolean' ? ` (quote it, e.g. "${String(input)}")` : '';
}
