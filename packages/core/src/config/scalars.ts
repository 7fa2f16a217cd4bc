import * as v from 'valibot';

/**
 * Scalar schemas with the recipe coercions the reference accepts (numeric strings for
 * integers, yes/no strings for booleans), minus its silent float truncation: `4.5` for an
 * integer field is an error, not 4.
 */
export const Int = v.union(
  [
    v.pipe(v.number(), v.integer()),
    v.pipe(v.string(), v.regex(/^\s*[+-]?\d+\s*$/), v.transform((s) => Number.parseInt(s, 10))),
  ],
  'expected a whole number (for example 8)',
);

export const PositiveInt = v.pipe(Int, v.minValue(1, 'must be at least 1'));
export const NonNegativeInt = v.pipe(Int, v.minValue(0, 'must be 0 or more'));

const TRUE_WORDS = ['t', 'T', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'y', 'Y', 'yes', 'Yes', 'YES', '1'] as const;
const FALSE_WORDS = ['f', 'F', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', 'n', 'N', 'no', 'No', 'NO', '0'] as const;

export const Bool = v.union(
  [
    v.boolean(),
    v.pipe(v.picklist([...TRUE_WORDS, ...FALSE_WORDS]), v.transform((s) => (TRUE_WORDS as readonly string[]).includes(s))),
    v.pipe(v.picklist([0, 1]), v.transform((n) => n === 1)),
  ],
  'expected true or false',
);

export const Str = v.string('expected a string (quote numbers, e.g. "1")');

/** A map of string to string, as environment variables are. */
export const StrMap = v.record(v.string(), Str);

/** A free-form map whose values are passed through as written. */
export const AnyMap = v.record(v.string(), v.unknown());

/** A value that may be absent or null; both mean "not set". */
export const opt = <T extends v.GenericSchema>(schema: T) => v.nullish(schema);

/** A defaulted value: absent or null means the default. */
export const def = <T extends v.GenericSchema, D extends v.Default<T, null | undefined>>(schema: T, d: D) => v.nullish(schema, d);
