import type * as v from 'valibot';

type AnySchema = v.GenericSchema & {
  readonly wrapped?: AnySchema;
  readonly entries?: Readonly<Record<string, AnySchema>>;
  readonly item?: AnySchema;
  readonly value?: AnySchema;
};

/**
 * Drops the `null` values of typed fields (`benchmark.sweep: null` means "not set"), at any
 * depth, so a validated config has one form whether a field was absent or null and
 * serialises without nulls (fix C2). Free-form maps keep their nulls: there a null can mean
 * something (an `sbatch_directives` entry without a value).
 */
export function stripNullFields(schema: v.GenericSchema, value: unknown): unknown {
  let s = schema as AnySchema;
  while (s.wrapped !== undefined) s = s.wrapped;
  if (Array.isArray(value)) return s.item === undefined ? value : value.map((x) => stripNullFields(s.item!, x));
  if (value === null || typeof value !== 'object') return value;
  const entries = s.entries;
  const rest = s.type === 'record' ? s.value : undefined;
  if (entries === undefined && rest === undefined) return value;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(value)) {
    const field = entries?.[k] ?? rest;
    if (field === undefined) out[k] = x;
    else if (x !== null && x !== undefined) out[k] = stripNullFields(field, x);
    else if (entries?.[k] === undefined) out[k] = x;
  }
  return out;
}
