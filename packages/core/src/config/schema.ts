import * as v from 'valibot';
import { AnyMap, Bool, def, Int, NonNegativeInt, opt, PositiveInt, Str, StrMap } from './scalars.ts';

export const ModelSchema = v.strictObject({
  path: v.pipe(Str, v.description('Host path of the model, or an alias from srtslurm.yaml `model_paths`.')),
  container: v.pipe(Str, v.description('Container image (.sqsh), or an alias from srtslurm.yaml `containers`.')),
  precision: v.pipe(Str, v.description('Free-form precision label: fp4, fp8, fp16, bf16.')),
});

export const ResourcesSchema = v.strictObject({
  gpu_type: v.pipe(Str, v.description('GPU family (gb200, gb300, h100, ...). Free-form.')),
  gpus_per_node: def(PositiveInt, 4),
  prefill_nodes: opt(NonNegativeInt),
  decode_nodes: opt(NonNegativeInt),
  prefill_workers: opt(NonNegativeInt),
  decode_workers: opt(NonNegativeInt),
  agg_nodes: opt(NonNegativeInt),
  agg_workers: opt(NonNegativeInt),
});

export const SlurmSchema = v.strictObject({
  account: opt(Str),
  partition: opt(Str),
  time_limit: opt(Str),
});

/**
 * Core validates only the backend's `type`; each backend validates the rest of its own
 * section with its own schema (see `@srt/backends`).
 */
export const BackendSectionSchema = v.pipe(
  v.looseObject({ type: def(Str, 'sglang') }),
  v.description('Backend section; `type` selects the plug-in (sglang, mock), which validates the other keys.'),
);

export const FrontendSchema = v.strictObject({
  use_sglang_router: def(Bool, false),
  enable_multiple_frontends: def(Bool, true),
  num_additional_frontends: def(NonNegativeInt, 9),
  sglang_router_args: opt(AnyMap),
  dynamo_frontend_args: opt(AnyMap),
});

const SweepParamsSchema = v.record(v.string(), v.array(v.unknown(), 'each sweep parameter must be a list'));

/** `benchmark.sweep`: zip or grid over lists, inline or under `parameters:`. */
export const BenchmarkSweepSchema = v.looseObject({
  mode: def(v.picklist(['zip', 'grid'], 'sweep mode must be "zip" or "grid"'), 'zip'),
  parameters: opt(SweepParamsSchema),
});

export const BenchmarkSchema = v.strictObject({
  type: def(Str, 'manual'),
  isl: opt(PositiveInt),
  osl: opt(PositiveInt),
  concurrencies: opt(
    v.union(
      [v.array(PositiveInt), v.pipe(Str, v.regex(/^\d+(x\d+)*$/, 'concurrencies string must look like "4x8x16"'))],
      'expected a list of whole numbers or a string like "4x8x16"',
    ),
  ),
  req_rate: def(
    v.union(
      [v.pipe(v.number(), v.minValue(0)), v.pipe(Str, v.regex(/^(inf|\d+(\.\d+)?)$/, 'req_rate must be "inf" or a number'))],
      'expected "inf" or a number of requests per second',
    ),
    'inf',
  ),
  sweep: opt(BenchmarkSweepSchema),
  num_examples: opt(NonNegativeInt),
  max_tokens: opt(PositiveInt),
  repeat: opt(PositiveInt),
  num_threads: opt(PositiveInt),
  max_context_length: opt(PositiveInt),
  categories: opt(v.array(Str)),
  num_requests: opt(PositiveInt),
  concurrency: opt(PositiveInt),
  prefix_ratios: opt(v.union([v.array(v.number()), Str], 'expected a list of numbers or a string')),
  num_prompts: opt(PositiveInt),
  warmup: opt(Bool),
  max_failed_requests: opt(NonNegativeInt),
  use_chat: opt(Bool),
  seed: opt(Int),
});

const ProfilingPhaseSchema = v.strictObject({
  start_step: opt(NonNegativeInt),
  stop_step: opt(NonNegativeInt),
});

export const ProfilingSchema = v.strictObject({
  type: def(Str, 'none'),
  isl: opt(PositiveInt),
  osl: opt(PositiveInt),
  concurrency: opt(PositiveInt),
  prefill: opt(ProfilingPhaseSchema),
  decode: opt(ProfilingPhaseSchema),
  aggregated: opt(ProfilingPhaseSchema),
});

export const OutputSchema = v.strictObject({
  log_dir: def(Str, './outputs/{job_id}/logs'),
});

export const HealthCheckSchema = v.strictObject({
  max_attempts: def(PositiveInt, 180),
  interval_seconds: def(PositiveInt, 10),
});

/** The recipe (job YAML). Keys keep the spelling of the Python recipes. */
export const SrtConfigSchema = v.strictObject({
  name: v.pipe(Str, v.minLength(1, 'name must not be empty'), v.description('Job name: SLURM --job-name and run-name prefix.')),
  model: ModelSchema,
  resources: ResourcesSchema,
  slurm: def(SlurmSchema, {}),
  backend: def(BackendSectionSchema, { type: 'sglang' }),
  frontend: def(FrontendSchema, {}),
  benchmark: def(BenchmarkSchema, {}),
  profiling: def(ProfilingSchema, {}),
  output: def(OutputSchema, {}),
  health_check: def(HealthCheckSchema, {}),
  environment: def(StrMap, {}),
  container_mounts: def(v.record(v.string(), Str), {}),
  extra_mount: opt(v.array(Str)),
  srun_options: def(v.record(v.string(), v.union([Str, v.number(), v.boolean(), v.null()])), {}),
  sbatch_directives: def(v.record(v.string(), v.union([Str, v.number(), v.boolean(), v.null()])), {}),
  enable_config_dump: def(Bool, true),
  setup_script: opt(Str),
});

type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A validated recipe with defaults filled in. Deeply readonly. */
export type SrtConfig = DeepReadonly<v.InferOutput<typeof SrtConfigSchema>>;
export type SrtConfigInput = v.InferInput<typeof SrtConfigSchema>;
export type ResourcesConfig = SrtConfig['resources'];
export type FrontendConfig = SrtConfig['frontend'];
export type BenchmarkConfig = SrtConfig['benchmark'];
export type ProfilingConfig = SrtConfig['profiling'];
export type BackendSection = SrtConfig['backend'];
