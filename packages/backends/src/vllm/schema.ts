import * as v from 'valibot';

const Str = v.string('expected a string (quote numbers, e.g. "1")');
const EnvMap = v.nullish(v.record(v.string(), Str), {});
/** A free-form map of vLLM CLI options (kebab or snake keys), passed through as written. */
const OptionMap = v.nullish(v.record(v.string(), v.unknown()));
const Bool = v.boolean('expected true or false');

const strictMessage: v.ErrorMessage<v.StrictObjectIssue> = (issue) =>
  issue.expected === 'never' ? `unknown field ${JSON.stringify(issue.input)}; check the spelling (see docs/engines.md, vLLM)` : `expected a map, got ${issue.received}`;

const ModeMaps = v.strictObject({ prefill: OptionMap, decode: OptionMap, aggregated: OptionMap }, strictMessage);
const KvEventsMode = v.nullish(v.union([Bool, v.record(v.string(), v.unknown())], 'expected true or a map of kv-events-config keys'));

/** The `backend:` section for `type: vllm` (engines.md §3.1). Strict: a typo is an error. */
export const VllmBackendSchema = v.strictObject({
  type: v.literal('vllm', 'expected "vllm"'),
  prefill_environment: EnvMap,
  decode_environment: EnvMap,
  aggregated_environment: EnvMap,
  vllm_config: v.nullish(ModeMaps),
  set_cuda_visible_devices: v.optional(Bool, false),
  connector: v.optional(v.nullable(Str), 'nixl'),
  mooncake_kv_store: v.nullish(v.record(v.string(), v.unknown())),
  kv_events_config: v.nullish(v.union([Bool, v.strictObject({ prefill: KvEventsMode, decode: KvEventsMode, aggregated: KvEventsMode }, strictMessage)], 'expected true/false or a map with prefill, decode, aggregated')),
  allow_prefill_decode_colocation: v.optional(Bool, false),
  allow_prefill_decode_colocation_across_nodes: v.optional(Bool, false),
  dp_launch_mode: v.optional(v.picklist(['per_node', 'per_gpu'], 'expected per_node or per_gpu'), 'per_node'),
}, strictMessage);

type DeepReadonly<T> = T extends (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** A validated `backend:` section of type vllm. */
export type VllmConfig = DeepReadonly<v.InferOutput<typeof VllmBackendSchema>>;
