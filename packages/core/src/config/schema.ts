import * as v from 'valibot';
import { AnyMap, Bool, def, Float, withDescription, Int, NonNegativeInt, opt, PositiveInt, Str, StrMap } from './scalars.ts';

/** `model:`: what is served, and in which container image. */
export const ModelSchema = v.pipe(
  v.strictObject({
    path: withDescription(Str, 'Host path of the model, or an alias from srtslurm.yaml `model_paths`.'),
    container: withDescription(Str, 'Container image (.sqsh), or an alias from srtslurm.yaml `containers`.'),
    precision: withDescription(Str, 'Free-form precision label: fp4, fp8, fp16, bf16.'),
  }),
  v.description('The model and the container image that serves it.'),
);

/** `resources:`: GPUs per node and the prefill/decode or aggregated node and worker counts. */
export const ResourcesSchema = v.pipe(
  v.strictObject({
    gpu_type: withDescription(Str, 'GPU family (gb200, gb300, h100, ...). Free-form.'),
    gpus_per_node: def(withDescription(PositiveInt, 'GPUs on each node (4 on GB200, 8 on H100).'), 4),
    prefill_nodes: opt(withDescription(NonNegativeInt, 'Nodes for prefill workers (disaggregated mode).')),
    decode_nodes: opt(withDescription(NonNegativeInt, 'Nodes for decode workers (disaggregated mode).')),
    prefill_workers: opt(withDescription(NonNegativeInt, 'Number of prefill workers; needs `prefill_nodes`.')),
    decode_workers: opt(withDescription(NonNegativeInt, 'Number of decode workers; needs `decode_nodes`.')),
    agg_nodes: opt(withDescription(NonNegativeInt, 'Nodes for aggregated workers (aggregated mode; default 1).')),
    agg_workers: opt(withDescription(NonNegativeInt, 'Number of aggregated workers.')),
  }),
  v.description('GPU resources. Set prefill_*/decode_* for disaggregated serving, agg_* for aggregated.'),
);

/** `slurm:`: account, partition, time limit (defaults from srtslurm.yaml). */
export const SlurmSchema = v.pipe(
  v.strictObject({
    account: opt(withDescription(Str, 'SLURM account (default: srtslurm.yaml `default_account`).')),
    partition: opt(withDescription(Str, 'SLURM partition (default: srtslurm.yaml `default_partition`).')),
    time_limit: opt(withDescription(Str, 'SLURM time limit, e.g. "04:00:00" (YAML reads an unquoted 4:00:00 as a number; quote it).')),
  }),
  v.description('SLURM settings; unset ones come from srtslurm.yaml.'),
);

/**
 * Core validates only the backend's `type`; each backend validates the rest of its own
 * section with its own schema (see `@srt/backends`).
 */
export const BackendSectionSchema = v.pipe(
  v.looseObject({ type: def(withDescription(Str, 'Backend plug-in: sglang (default), vllm, trtllm or mock (docs/engines.md).'), 'sglang') }),
  v.description('Backend section; `type` selects the plug-in (sglang, vllm, trtllm, mock), which validates the other keys.'),
);

/** The frontend kinds of `frontend.type` (engines.md §5). */
export const FRONTEND_TYPES = ['dynamo', 'sglang', 'trtllm_serve', 'vllm'] as const;
export type FrontendType = (typeof FRONTEND_TYPES)[number];

/** `dynamo:`: how the Dynamo wheels get into the workers' image (engines.md §6). */
export const DynamoSchema = v.pipe(
  v.strictObject({
    install: def(withDescription(Bool, 'false: the image already ships Dynamo (no install step, no root remap).'), true),
    version: opt(withDescription(Str, 'ai-dynamo version from PyPI (default 0.7.0; upstream 0.8.0).')),
    hash: opt(withDescription(Str, 'git commit of ai-dynamo/dynamo built from source (cached under /configs/dynamo-wheels).')),
    top_of_tree: def(withDescription(Bool, 'Build the default branch from source (not reproducible).'), false),
    wheel: opt(withDescription(Str, 'Exact ai-dynamo version staged as wheels in /srtctl-wheels (a version, not a file name).')),
    request_plane: def(withDescription(v.picklist(['nats', 'tcp', 'http'], 'expected nats, tcp or http'), '--request-plane and DYN_REQUEST_PLANE of engine workers.'), 'tcp'),
    event_plane: opt(withDescription(v.picklist(['nats', 'zmq'], 'expected nats or zmq'), 'Exports DYN_EVENT_PLANE when set.')),
  }),
  v.description('Dynamo installation source and planes (engines.md §6).'),
);

/** `frontend:`: Dynamo frontend or SGLang router, how many, and their extra flags. */
export const FrontendSchema = v.pipe(
  v.strictObject({
    use_sglang_router: def(withDescription(Bool, 'Use the SGLang router instead of the Dynamo frontend.'), false),
    enable_multiple_frontends: def(withDescription(Bool, 'Run several frontends behind nginx.'), true),
    num_additional_frontends: def(withDescription(NonNegativeInt, 'Frontends besides the first one.'), 9),
    sglang_router_args: opt(withDescription(AnyMap, 'Extra `--key value` flags for the SGLang router.')),
    dynamo_frontend_args: opt(withDescription(AnyMap, 'Extra `--key value` flags for the Dynamo frontend.')),
    type: opt(withDescription(v.picklist(FRONTEND_TYPES, (issue) => `unknown frontend type ${JSON.stringify(issue.input)}; supported: ${FRONTEND_TYPES.join(', ')}`), 'dynamo (default), sglang (= use_sglang_router: true), vllm (direct `vllm serve`, vLLM agg only) or trtllm_serve (TRT-LLM only); docs/engines.md.')),
    args: opt(withDescription(AnyMap, 'Extra `--key value` flags for whichever frontend runs (replaces sglang_router_args / dynamo_frontend_args).')),
    env: opt(withDescription(StrMap, 'Environment of the frontend processes.')),
    ctx_router: opt(withDescription(AnyMap, 'trtllm_serve only: `context_servers.router` of ser.yaml.')),
    gen_router: opt(withDescription(AnyMap, 'trtllm_serve only: `generation_servers.router` of ser.yaml.')),
    server_config_extra: opt(withDescription(AnyMap, 'trtllm_serve only: extra top-level ser.yaml keys (deep-merged; urls, num_instances, hostname, port are owned).')),
  }),
  v.description('The HTTP frontend in front of the workers.'),
);

const SweepValues = v.array(v.unknown(), (issue) => `each sweep parameter must be a list of values, got ${String(issue.input)}`);

const isList = (x: unknown): boolean => Array.isArray(x);

/**
 * `benchmark.sweep`: zip or grid over lists, inline (`{mode, a: [..]}`) or under
 * `parameters:` (other keys then ignored). Like the reference, `mode` is not validated:
 * anything but "zip" combines as a grid.
 */
export const BenchmarkSweepSchema = v.pipe(
  v.objectWithRest(
    {
      mode: def(withDescription(Str, 'zip (default): element-wise (shortest list); anything else: every combination (grid).'), 'zip'),
      parameters: opt(withDescription(v.record(v.string(), SweepValues), 'Parameter name → list of values.')),
    },
    v.unknown(),
  ),
  v.check(
    (sweep) => sweep.parameters != null || Object.entries(sweep).every(([k, x]) => k === 'mode' || k === 'parameters' || isList(x)),
    (issue) => {
      const sweep = issue.input as Readonly<Record<string, unknown>>;
      const bad = Object.keys(sweep).find((k) => k !== 'mode' && k !== 'parameters' && !isList(sweep[k]));
      return `Sweep parameter '${bad ?? '?'}' must be a list: write ${bad ?? 'name'}: [value1, value2]`;
    },
  ),
  v.description('Benchmark parameter sweep (zip or grid).'),
);

/** `benchmark.slo`: latency limits in milliseconds a load must meet (issue 15). */
const SloMs = v.pipe(v.number(), v.minValue(0, 'SLO limits are milliseconds ≥ 0'));
export const SloSchema = v.pipe(
  v.strictObject({
    ttft_p50_ms: opt(withDescription(SloMs, 'p50 TTFT must be at most this many ms.')),
    ttft_p90_ms: opt(withDescription(SloMs, 'p90 TTFT must be at most this many ms.')),
    ttft_p99_ms: opt(withDescription(SloMs, 'p99 TTFT must be at most this many ms.')),
    tpot_p50_ms: opt(withDescription(SloMs, 'p50 TPOT must be at most this many ms.')),
    tpot_p90_ms: opt(withDescription(SloMs, 'p90 TPOT must be at most this many ms.')),
    tpot_p99_ms: opt(withDescription(SloMs, 'p99 TPOT must be at most this many ms.')),
    itl_p50_ms: opt(withDescription(SloMs, 'p50 ITL must be at most this many ms.')),
    itl_p90_ms: opt(withDescription(SloMs, 'p90 ITL must be at most this many ms.')),
    itl_p99_ms: opt(withDescription(SloMs, 'p99 ITL must be at most this many ms.')),
    e2el_p50_ms: opt(withDescription(SloMs, 'p50 E2EL must be at most this many ms.')),
    e2el_p90_ms: opt(withDescription(SloMs, 'p90 E2EL must be at most this many ms.')),
    e2el_p99_ms: opt(withDescription(SloMs, 'p99 E2EL must be at most this many ms.')),
  }),
  v.description('Latency limits in ms, e.g. { ttft_p99_ms: 500, itl_p99_ms: 30 }.'),
);

/** `benchmark:`: the runner and its parameters. */
export const BenchmarkSchema = v.pipe(
  v.strictObject({
    type: def(withDescription(Str, 'Benchmark runner: sa-bench, router, mmlu, gpqa, longbenchv2, profiling, custom, manual.'), 'manual'),
    isl: opt(withDescription(NonNegativeInt, 'Input sequence length.')),
    osl: opt(withDescription(NonNegativeInt, 'Output sequence length.')),
    concurrencies: opt(
      withDescription(
        v.union(
          [v.array(NonNegativeInt), v.pipe(Str, v.regex(/^\d+(x\d+)*$/, 'concurrencies string must look like "4x8x16"'))],
          'expected a list of whole numbers or a string like "4x8x16"',
        ),
        'Concurrency levels: a list, or a string like "4x8x16".',
      ),
    ),
    req_rate: def(
      withDescription(
        v.union(
          [
            v.pipe(v.number(), v.minValue(0, 'req_rate must be 0 or more')),
            v.pipe(Str, v.regex(/^(inf|\d+(\.\d+)?)$/, 'req_rate must be "inf" or a number')),
          ],
          'expected "inf" or a number of requests per second',
        ),
        'Requests per second, or "inf".',
      ),
      'inf',
    ),
    sweep: opt(BenchmarkSweepSchema),
    num_examples: opt(withDescription(NonNegativeInt, 'Accuracy benchmarks: number of examples.')),
    max_tokens: opt(withDescription(NonNegativeInt, 'Accuracy benchmarks: max generated tokens.')),
    repeat: opt(withDescription(NonNegativeInt, 'Accuracy benchmarks: repetitions.')),
    num_threads: opt(withDescription(NonNegativeInt, 'Accuracy benchmarks: client threads.')),
    max_context_length: opt(withDescription(NonNegativeInt, 'longbenchv2: max context length.')),
    categories: opt(withDescription(v.array(Str), 'longbenchv2: categories to run.')),
    num_requests: opt(withDescription(NonNegativeInt, 'router: number of requests.')),
    concurrency: opt(withDescription(NonNegativeInt, 'router: concurrency.')),
    prefix_ratios: opt(
      withDescription(v.union([v.array(Float), Str], 'expected a list of numbers or a string'), 'router: prefix ratios.'),
    ),
    num_prompts: opt(withDescription(PositiveInt, 'sa-bench: prompts per concurrency (default 10 × concurrency).')),
    warmup: opt(withDescription(Bool, 'sa-bench: run a warm-up pass first.')),
    max_failed_requests: opt(withDescription(NonNegativeInt, 'Fail the benchmark after this many failed requests.')),
    use_chat: opt(withDescription(Bool, 'Use the chat completions endpoint.')),
    seed: opt(withDescription(Int, 'Random seed for generated prompts.')),
    command: opt(withDescription(v.pipe(Str, v.minLength(1, 'benchmark.command must not be empty')), 'custom: shell command run as `bash -lc` (verbatim) against the deployment.')),
    env: opt(withDescription(StrMap, 'custom: extra environment for the command (overrides every injected variable).')),
    container_image: opt(withDescription(Str, 'custom: image for the benchmark step (a containers alias is resolved); default the job image.')),
    // issue 15: repeats, SLO search (sa-bench)
    repeats: opt(withDescription(PositiveInt, 'sa-bench: measure each point this many times; results give the mean and a 95 % confidence interval.')),
    slo: opt(withDescription(SloSchema, 'sa-bench: latency limits (ms) a load must meet; with `search`, find the largest load that meets them.')),
    search: opt(withDescription(v.picklist(['concurrency', 'rate'], 'search must be "concurrency" or "rate"'), 'sa-bench: the load to search for the SLO: concurrency or rate (req/s).')),
    max_probes: opt(withDescription(PositiveInt, 'sa-bench SLO search: most measured points (default 8).')),
    search_max: opt(withDescription(v.pipe(v.number(), v.minValue(1, 'search_max must be at least 1')), 'sa-bench SLO search: upper bound of the load (default 16384 streams or 10000 req/s).')),
    // issue 10: stall detection (sa-bench)
    stall_timeout_seconds: opt(withDescription(v.pipe(v.number(), v.minValue(0.1, 'stall_timeout_seconds must be at least 0.1')), 'sa-bench: a request hearing nothing from the server this long fails the run as stalled (default max(30 s, 20 × p99 ITL, 3 × slowest TTFT)).')),
    // issue 15: multi-process client (sa-bench)
    client_processes: opt(withDescription(v.union([PositiveInt, v.literal('auto')], 'client_processes must be a whole number ≥ 1 or "auto"'), 'sa-bench: client processes the streams are split over (auto: cores − 1 on the benchmark node).')),
  }),
  v.description('The benchmark run against the served model.'),
);


/** A profiled step range (`profiling.prefill|decode|aggregated`). */
export const ProfilingPhaseSchema = v.pipe(
  v.strictObject({
    start_step: opt(withDescription(NonNegativeInt, 'First profiled step.')),
    stop_step: opt(withDescription(NonNegativeInt, 'Step at which profiling stops.')),
  }),
  v.description('Profiled step range of one phase.'),
);

/** `profiling:`: torch or nsys profiling and its traffic parameters (rules in `profilingRule`). */
export const ProfilingSchema = v.pipe(
  v.strictObject({
    type: def(withDescription(Str, 'none (default), torch or nsys; anything but none enables profiling.'), 'none'),
    isl: opt(withDescription(NonNegativeInt, 'Profiling traffic: input sequence length.')),
    osl: opt(withDescription(NonNegativeInt, 'Profiling traffic: output sequence length.')),
    concurrency: opt(withDescription(NonNegativeInt, 'Profiling traffic: concurrency.')),
    prefill: opt(ProfilingPhaseSchema),
    decode: opt(ProfilingPhaseSchema),
    aggregated: opt(ProfilingPhaseSchema),
  }),
  v.description('Torch or nsys profiling of the workers.'),
);

/** The default `output.log_dir`: `logs/` of the job's output folder (which follows `-o DIR` / `output_dir`). */
export const DEFAULT_LOG_DIR = './outputs/{job_id}/logs';

/** `output:`: the host log directory template. */
export const OutputSchema = v.pipe(
  v.strictObject({
    log_dir: def(withDescription(Str, 'Host log directory; placeholders such as {job_id} are expanded.'), DEFAULT_LOG_DIR),
  }),
  v.description('Where the job writes its logs.'),
);

/** The built-in readiness budgets (variants-and-workflows.md §6.4); the cluster's `default_health_check` and the recipe override them key by key. */
export const HEALTH_CHECK_DEFAULTS = {
  max_attempts: 180,
  interval_seconds: 10,
  head_services_timeout_seconds: 1200,
  frontend_timeout_seconds: 1200,
} as const;

/** The `health_check` keys, in the order docs and dry-run list them. */
export const HEALTH_CHECK_KEYS = ['head_services_timeout_seconds', 'frontend_timeout_seconds', 'max_attempts', 'interval_seconds', 'benchmark_timeout_seconds'] as const;
export type HealthCheckKey = (typeof HEALTH_CHECK_KEYS)[number];

const HEALTH_CHECK_DESCRIPTIONS: Readonly<Record<HealthCheckKey, string>> = {
  head_services_timeout_seconds: 'Seconds from the first head service (NATS, etcd) spawned until every one accepts connections; they start and are awaited together. Includes their container import.',
  frontend_timeout_seconds: 'Seconds from the first frontend/nginx spawned until the public endpoint gives a frontend answer (a status below 500 or a JSON body).',
  max_attempts: 'Worker budget: health polls (every interval_seconds) from the first worker spawned until the frontend reports every expected worker.',
  interval_seconds: 'Seconds between health polls; the worker budget is max_attempts × interval_seconds.',
  benchmark_timeout_seconds: 'Seconds the benchmark may run before it is stopped and the job fails (default: unbounded, only the SLURM time limit).',
};

const healthCheckEntry = (key: HealthCheckKey) => withDescription(PositiveInt, HEALTH_CHECK_DESCRIPTIONS[key]);

/** `health_check:`: the readiness budget of each phase (head services, frontends, workers, benchmark). */
export const HealthCheckSchema = v.pipe(
  v.strictObject({
    max_attempts: def(healthCheckEntry('max_attempts'), HEALTH_CHECK_DEFAULTS.max_attempts),
    interval_seconds: def(healthCheckEntry('interval_seconds'), HEALTH_CHECK_DEFAULTS.interval_seconds),
    head_services_timeout_seconds: def(healthCheckEntry('head_services_timeout_seconds'), HEALTH_CHECK_DEFAULTS.head_services_timeout_seconds),
    frontend_timeout_seconds: def(healthCheckEntry('frontend_timeout_seconds'), HEALTH_CHECK_DEFAULTS.frontend_timeout_seconds),
    benchmark_timeout_seconds: opt(healthCheckEntry('benchmark_timeout_seconds')),
  }),
  v.description('Readiness budgets per phase; unset keys come from srtslurm.yaml `default_health_check`, then the defaults.'),
);

/** `default_health_check:` of the cluster file: the same keys, all optional, merged into each recipe key by key. */
export const DefaultHealthCheckSchema = v.pipe(
  v.strictObject({
    head_services_timeout_seconds: opt(healthCheckEntry('head_services_timeout_seconds')),
    frontend_timeout_seconds: opt(healthCheckEntry('frontend_timeout_seconds')),
    max_attempts: opt(healthCheckEntry('max_attempts')),
    interval_seconds: opt(healthCheckEntry('interval_seconds')),
    benchmark_timeout_seconds: opt(healthCheckEntry('benchmark_timeout_seconds')),
  }),
  v.description('Cluster defaults for `health_check`, per key (a key the recipe sets wins).'),
);

const FlagValue = v.union([Str, v.number(), v.boolean(), v.null()], 'expected a string, number, boolean or null');

/** The recipe (job YAML). Keys keep the spelling of the Python recipes. */
export const SrtConfigSchema = v.pipe(
  v.strictObject({
    name: withDescription(
      v.pipe(Str, v.minLength(1, 'name must not be empty')),
      'Job name: SLURM --job-name and run-name prefix.',
    ),
    model: ModelSchema,
    resources: ResourcesSchema,
    slurm: def(SlurmSchema, {}),
    backend: def(BackendSectionSchema, { type: 'sglang' }),
    frontend: def(FrontendSchema, {}),
    dynamo: opt(DynamoSchema),
    benchmark: def(BenchmarkSchema, {}),
    benchmarks: opt(withDescription(v.array(BenchmarkSchema), 'Several benchmarks run in order against one deployment (`benchmark:` may also be a list); `benchmark` is the first.')),
    profiling: def(ProfilingSchema, {}),
    output: def(OutputSchema, {}),
    health_check: def(HealthCheckSchema, {}),
    environment: def(withDescription(StrMap, 'Environment variables for every worker (values are strings).'), {}),
    container_mounts: def(
      withDescription(v.record(v.string(), Str), 'Extra mounts: host path template → container path template.'),
      {},
    ),
    extra_mount: opt(withDescription(v.array(Str), 'Extra mounts as "host:container" strings.')),
    srun_options: def(withDescription(v.record(v.string(), FlagValue), 'Extra srun options (--key=value).'), {}),
    sbatch_directives: def(withDescription(v.record(v.string(), FlagValue), 'Extra #SBATCH directives.'), {}),
    enable_config_dump: def(withDescription(Bool, 'Accepted for compatibility; has no effect.'), true),
    setup_script: opt(withDescription(Str, 'Script under /configs/ run before the workers start.')),
  }),
  v.description('An srtctl recipe: one benchmark job on a SLURM cluster.'),
);

type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A validated recipe with defaults filled in. Deeply readonly. */
export type SrtConfig = DeepReadonly<v.InferOutput<typeof SrtConfigSchema>>;
/** A recipe as written (before defaults and coercions). */
export type SrtConfigInput = v.InferInput<typeof SrtConfigSchema>;
export type ResourcesConfig = SrtConfig['resources'];
export type FrontendConfig = SrtConfig['frontend'];
export type DynamoConfig = NonNullable<SrtConfig['dynamo']>;
export type BenchmarkConfig = SrtConfig['benchmark'];
export type BenchmarkSweepConfig = NonNullable<BenchmarkConfig['sweep']>;
export type ProfilingConfig = SrtConfig['profiling'];
export type ProfilingPhaseConfig = NonNullable<ProfilingConfig['prefill']>;
export type BackendSection = SrtConfig['backend'];
