import * as v from 'valibot';

const Str = v.string('expected a string (quote numbers, e.g. "1")');
const EnvMap = v.nullish(v.record(v.string(), Str), {});
/** TRT-LLM LLM-API options (snake_case YAML keys), written to the engine YAML. */
const OptionMap = v.nullish(v.record(v.string(), v.unknown()));

const strictMessage: v.ErrorMessage<v.StrictObjectIssue> = (issue) =>
  issue.expected === 'never' ? `unknown field ${JSON.stringify(issue.input)}; check the spelling (see docs/engines.md, TRT-LLM)` : `expected a map, got ${issue.received}`;

/** The `backend:` section for `type: trtllm` (engines.md §4.1). Strict: a typo is an error. */
export const TrtllmBackendSchema = v.strictObject({
  type: v.literal('trtllm', 'expected "trtllm"'),
  prefill_environment: EnvMap,
  decode_environment: EnvMap,
  aggregated_environment: EnvMap,
  trtllm_config: v.nullish(v.strictObject({ prefill: OptionMap, decode: OptionMap, aggregated: OptionMap }, strictMessage)),
  publish_events_and_metrics: v.optional(v.boolean('expected true or false'), false),
  sequential_node_start: v.optional(v.pipe(v.number('expected a whole number'), v.integer('expected a whole number'), v.minValue(0, 'must be 0 or more')), 0),
  numa_memory_bind: v.nullish(v.boolean('expected true, false or null')),
  served_model_name: v.nullish(v.pipe(Str, v.minLength(1, 'must not be empty'))),
}, strictMessage);

type DeepReadonly<T> = T extends (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** A validated `backend:` section of type trtllm. */
export type TrtllmConfig = DeepReadonly<v.InferOutput<typeof TrtllmBackendSchema>>;
