import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.ts';

const HEAD = `name: j
model: {path: /models/ds, container: /c/sglang.sqsh, precision: fp8}
`;
const PD = `resources: {gpu_type: h100, gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1}
`;
const AGG = `resources: {gpu_type: h100, agg_nodes: 1, agg_workers: 1}
`;

/**
 * Minimal recipes the reference loads (config.md §2–§8). None of them hits a quirk-table
 * reason to reject (C6 fractions, C7 worker layouts that start nothing or crash), so each
 * must load here too.
 */
const ACCEPTED: readonly (readonly [string, string])[] = [
  ['only agg_nodes and agg_workers', AGG],
  ['counts as numeric strings', `resources: {gpu_type: h100, gpus_per_node: "8", agg_nodes: "1", agg_workers: " 2 "}\n`],
  ['an integral float for an integer', `resources: {gpu_type: h100, gpus_per_node: 8.0, agg_nodes: 1, agg_workers: 1}\n`],
  ['an integer string with underscores (Python int())', `resources: {gpu_type: h100, gpus_per_node: "1_6", agg_nodes: 1, agg_workers: 1}\n`],
  ['zero prefill/decode worker counts in an aggregated recipe', `resources: {gpu_type: h100, agg_nodes: 1, agg_workers: 1, prefill_workers: 0, decode_workers: 0}\n`],
  ['null prefill/decode counts in an aggregated recipe', `resources: {gpu_type: h100, agg_nodes: 1, agg_workers: 1, prefill_nodes: null, decode_workers: null}\n`],
  ['zero agg counts in a disaggregated recipe', `resources: {gpu_type: h100, gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1, agg_nodes: 0, agg_workers: 0}\n`],
  ['req_rate as an integer', `${PD}benchmark: {type: sa-bench, isl: 1024, osl: 1024, req_rate: 10, concurrencies: [1]}\n`],
  ['req_rate as a numeric string', `${PD}benchmark: {req_rate: "2.5"}\n`],
  ['concurrencies as "AxB"', `${PD}benchmark: {concurrencies: "4x8"}\n`],
  ['concurrencies with numeric strings', `${PD}benchmark: {concurrencies: ["4", 8]}\n`],
  ['prefix_ratios as a string', `${PD}benchmark: {type: router, prefix_ratios: "0.1 0.5"}\n`],
  ['prefix_ratios as numbers', `${PD}benchmark: {type: router, prefix_ratios: [0.1, 0.5, 1]}\n`],
  ['prefix_ratios with numeric strings (marshmallow Float)', `${PD}benchmark: {type: router, prefix_ratios: ["0.1", 0.5]}\n`],
  ['categories', `${PD}benchmark: {type: longbenchv2, categories: [a, b], max_context_length: 1000, num_threads: 4}\n`],
  ['zero benchmark counts', `${PD}benchmark: {isl: 0, osl: 0, num_examples: 0, max_tokens: 0, repeat: 0, num_threads: 0, max_context_length: 0, num_requests: 0, concurrency: 0, concurrencies: [0]}\n`],
  ['accuracy benchmark fields', `${PD}benchmark: {type: mmlu, num_examples: 200, max_tokens: 2048, repeat: 1, num_threads: 64}\n`],
  ['router benchmark fields', `${PD}benchmark: {type: router, isl: 1, osl: 1, num_requests: 10, concurrency: 2}\n`],
  ['benchmark.sweep in grid form', `${PD}benchmark: {sweep: {mode: grid, parameters: {a: [1]}}}\n`],
  ['benchmark.sweep inline', `${PD}benchmark: {sweep: {a: [1, 2], b: [3]}}\n`],
  ['benchmark.sweep with an unvalidated mode', `${PD}benchmark: {sweep: {mode: cartesian, a: [1]}}\n`],
  ['benchmark.sweep with parameters and ignored extra keys', `${PD}benchmark: {sweep: {parameters: {a: [1]}, note: 3}}\n`],
  ['sbatch_directives with an empty value', `${PD}sbatch_directives: {exclusive: "", comment: x}\n`],
  ['container_mounts and extra_mount', `${PD}container_mounts: {"/data/{job_id}": /data, "~/x": /x}\nextra_mount: ["/a:/b"]\n`],
  ['srun_options', `${PD}srun_options: {mpi: pmix, cpu-bind: none}\n`],
  ['environment with quoted numbers', `${PD}environment: {PYTHONUNBUFFERED: "1", NCCL_DEBUG: "INFO", X: "true"}\n`],
  ['health_check', `${PD}health_check: {max_attempts: 360, interval_seconds: "5"}\n`],
  ['output.log_dir', `${PD}output: {log_dir: "/tmp/{job_id}/logs"}\n`],
  ['setup_script', `${PD}setup_script: setup.sh\n`],
  ['enable_config_dump: false', `${PD}enable_config_dump: false\n`],
  ['enable_config_dump from a word and 0', `${PD}enable_config_dump: "no"\nfrontend: {use_sglang_router: 1, enable_multiple_frontends: "OFF"}\n`],
  ['backend.gpu_type', `${PD}backend: {gpu_type: gb200}\n`],
  ['slurm with all three fields', `${PD}slurm: {account: a, partition: p, time_limit: "01:00:00"}\n`],
  ['slurm with nulls', `${PD}slurm: {account: null, partition: null, time_limit: null}\n`],
  ['frontend args maps', `${PD}frontend: {use_sglang_router: true, num_additional_frontends: 0, sglang_router_args: {policy: round_robin, verbose: true}, dynamo_frontend_args: null}\n`],
  ['disaggregated profiling phases (an empty phase counts as set)', `${PD}profiling: {type: torch, isl: 1024, osl: 2, concurrency: 1, prefill: {start_step: 0, stop_step: 5}, decode: {}}\n`],
  ['aggregated nsys profiling with numeric strings', `${AGG}profiling: {type: nsys, isl: "8", osl: 8, concurrency: 1, aggregated: {start_step: "1", stop_step: 2}}\n`],
  ['an unknown profiling type with zero traffic counts', `${AGG}profiling: {type: TORCH, isl: 0, osl: 0, concurrency: 0, aggregated: {}}\n`],
];

describe('parseConfig', () => {
  it.each(ACCEPTED)('loads a recipe the reference accepts: %s', (_, body) => {
    expect(() => parseConfig(HEAD + body, { source: 'r.yaml' })).not.toThrow();
  });
});

describe('parseConfig duplicate keys', () => {
  it('keeps the last value of a duplicated key, as the reference (PyYAML) does, and warns where it is', () => {
    const text = `${HEAD}${PD}environment:\n  A: "1"\n  A: "2"\nbackend:\n  sglang_config:\n    prefill: {tp: 1, tp: 2}\n`;
    const { config, warnings } = parseConfig(text, { source: 'r.yaml' });
    expect([config.environment, (config.backend as { sglang_config?: unknown }).sglang_config]).toStrictEqual([{ A: '2' }, { prefill: { tp: 2 } }]);
    expect(warnings).toStrictEqual([
      'r.yaml:6:3 environment.A: duplicate key: only its last value counts (the earlier one on line 5 is ignored); delete one of them',
      'r.yaml:9:22 backend.sglang_config.prefill.tp: duplicate key: only its last value counts (the earlier one on line 9 is ignored); delete one of them',
    ]);
  });
});

describe('Float', () => {
  it.each([
    ['["0.1", 0.5]', [0.1, 0.5]],
    ['[" 1e-1 ", "+2", "1_0.5"]', [0.1, 2, 10.5]],
    ['["inf", "-Infinity"]', [Infinity, -Infinity]],
  ])('reads prefix_ratios %s as Python float() does', (list, expected) => {
    const { config } = parseConfig(`${HEAD}${PD}benchmark: {prefix_ratios: ${list}}\n`, { source: 'r.yaml' });
    expect(config.benchmark.prefix_ratios).toStrictEqual(expected);
  });

  it.each([['[true]'], ['["0.1x"]'], ['["1e"]']])('rejects prefix_ratios %s', (list) => {
    expect(() => parseConfig(`${HEAD}${PD}benchmark: {prefix_ratios: ${list}}\n`, { source: 'r.yaml' })).toThrow();
  });
});
