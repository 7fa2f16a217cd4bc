import * as v from 'valibot';

const strictMessage: v.ErrorMessage<v.StrictObjectIssue> = (issue) =>
  issue.expected === 'never' ? `unknown field ${JSON.stringify(issue.input)}; check the spelling (see docs/mock-backend.md)` : `expected a map, got ${issue.received}`;

const num = (min: number, what: string) => v.pipe(v.number(`expected a number (${what})`), v.minValue(min, `must be at least ${min} (${what})`));
const whole = (min: number, max: number, what: string) =>
  v.pipe(v.number(`expected a whole number (${what})`), v.integer(`expected a whole number (${what})`), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));
const bool = v.boolean('expected true or false');

/** Faults of one target (a mode, one worker, or the frontend). See `docs/mock-backend.md`. */
export const MockFaultSchema = v.strictObject(
  {
    crash_after_requests: v.optional(whole(1, Number.MAX_SAFE_INTEGER, 'requests answered before the process exits')),
    crash_after_s: v.optional(v.pipe(num(0, 'seconds after start before the process exits'), v.minValue(0.001, 'must be more than 0 seconds'))),
    crash_exit_code: v.optional(whole(1, 255, 'exit code of a crash')),
    never_healthy: v.optional(bool),
    error_rate: v.optional(v.pipe(num(0, 'fraction of requests answered with an error'), v.maxValue(1, 'must be at most 1 (1 = every request)'))),
    error_status: v.optional(whole(400, 599, 'HTTP status of injected errors')),
    zero_tokens: v.optional(bool),
    freeze_after_requests: v.optional(whole(1, Number.MAX_SAFE_INTEGER, 'requests started before the worker stops itself with SIGSTOP')),
  },
  strictMessage,
);

/** An engine option map (`vllm_config.<mode>` / `trtllm_config.<mode>`) that drives the layout. */
const EngineMap = v.nullish(v.record(v.string(), v.unknown()));

/** `faults:` keys: a mode (`prefill`, `decode`, `agg`), one worker (`decode_1`), or `frontend`. */
const FAULT_KEY = /^(?:(?:prefill|decode|agg)(?:_\d+(?:_r\d+)?)?|frontend)$/;

const FaultsSchema = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(FAULT_KEY, 'fault targets are prefill, decode, agg, frontend, or one worker like decode_1')),
    MockFaultSchema,
  ),
  v.check((faults) => faults['frontend']?.zero_tokens === undefined, 'zero_tokens applies to workers only, not to the frontend'),
);

/**
 * The `backend:` section for `type: mock`: workers that load nothing and stream tokens on an
 * exact schedule, behind a mock frontend. Strict: a typo is an error.
 */
export const MockBackendSchema = v.strictObject(
  {
    type: v.literal('mock', 'expected "mock"'),
    startup_delay_s: v.optional(num(0, 'seconds before a worker reports healthy'), 0),
    ttft_ms: v.optional(num(0, 'time to first token in milliseconds'), 50),
    itl_ms: v.optional(num(0, 'inter-token latency in milliseconds'), 10),
    tokens_per_chunk: v.optional(whole(1, 1024, 'tokens per streamed chunk'), 1),
    output_tokens: v.optional(whole(0, 1_000_000, 'natural output length without ignore_eos'), 128),
    served_model_name: v.optional(v.pipe(v.string('expected a string'), v.minLength(1, 'must not be empty'))),
    head_services: v.optional(bool, false),
    in_container: v.optional(bool, false),
    frontend_poll_interval_ms: v.optional(whole(10, 600_000, 'how often the mock frontend polls worker health'), 1000),
    processes: v.optional(v.union([whole(1, 1024, 'processes per mock server'), v.literal('auto')], 'expected a whole number from 1 to 1024 or "auto" (one process per core)')),
    faults: v.optional(FaultsSchema, {}),
    engine: v.optional(v.picklist(['sglang', 'vllm', 'trtllm'], 'expected sglang, vllm or trtllm')),
    engine_config: v.nullish(v.strictObject({ prefill: EngineMap, decode: EngineMap, aggregated: EngineMap }, strictMessage)),
    dp_launch_mode: v.optional(v.picklist(['per_node', 'per_gpu'], 'expected per_node or per_gpu')),
  },
  strictMessage,
);

type DeepReadonly<T> = T extends (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** A validated `backend:` section of type mock. */
export type MockConfig = DeepReadonly<v.InferOutput<typeof MockBackendSchema>>;
export type MockFaultConfig = DeepReadonly<v.InferOutput<typeof MockFaultSchema>>;
