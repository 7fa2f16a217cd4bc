import * as v from 'valibot';

const Str = v.string('expected a string (quote numbers, e.g. "1")');
/** Environment maps: string → string, so `PYTHONUNBUFFERED: 1` is an error (write `"1"`). */
const EnvMap = v.nullish(v.record(v.string(), Str), {});
/** A free-form map of SGLang CLI options (keys with `-` or `_`), passed through as written. */
const OptionMap = v.nullish(v.record(v.string(), v.unknown()));

/** Unknown keys read "unknown field" (valibot's default says "Expected never"). */
const strictMessage: v.ErrorMessage<v.StrictObjectIssue> = (issue) =>
  issue.expected === 'never' ? `unknown field ${JSON.stringify(issue.input)}; check the spelling (see docs/config.md, backend)` : `expected a map, got ${issue.received}`;

/** `backend.sglang_config`: per-mode option maps (config.md §6). */
export const SglangOptionMapsSchema = v.strictObject({
  prefill: OptionMap,
  decode: OptionMap,
  aggregated: OptionMap,
}, strictMessage);

/** The `backend:` section for `type: sglang` (config.md §6). Strict: a typo is an error. */
export const SglangBackendSchema = v.strictObject({
  type: v.optional(v.literal('sglang', 'expected "sglang"'), 'sglang'),
  gpu_type: v.pipe(v.nullish(Str), v.description('Accepted for compatibility; unused.')),
  prefill_environment: EnvMap,
  decode_environment: EnvMap,
  aggregated_environment: EnvMap,
  sglang_config: v.nullish(SglangOptionMapsSchema),
}, strictMessage);

type DeepReadonly<T> = T extends (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** A validated `backend:` section of type sglang. */
export type SglangConfig = DeepReadonly<v.InferOutput<typeof SglangBackendSchema>>;
