import { checkValidity } from '../loadgen/validity.ts';
import type { RuntimeContext, SrtConfig } from '@srt/core';
import type { BenchmarkDeployment, BenchmarkRunner } from './types.ts';

type Worker = BenchmarkDeployment['workers'][number];
const MODES = ['prefill', 'decode', 'agg'] as const;

/** Logical workers (leaders only) of one mode, in worker order. */
function leaders(workers: readonly Worker[], mode: (typeof MODES)[number]): readonly Worker[] {
  return workers.filter((w) => w.isLeader && w.endpointMode === mode).sort((a, b) => a.endpointIndex - b.endpointIndex);
}

/**
 * The environment contract of `benchmark.type: custom` (variants-and-workflows §4.3 rows 2,
 * 3, 4, 5, 7, 8, in that order: later entries win): per-mode worker IPs and endpoints, the
 * frontend type, host and port, the recipe's `environment`, the metrics URLs, then
 * `benchmark.env`. Endpoint port: the leader's system port under Dynamo, its HTTP port
 * behind the SGLang router.
 *
 * @example customBenchmarkEnv(config, runtime, deployment) // → [['SRT_PREFILL_IPS', '10.0.0.1'], ['SRT_PREFILL_ENDPOINTS', '10.0.0.1:7500'], …, ['SRT_FRONTEND_HOST', '10.0.0.1'], ['SRT_FRONTEND_PORT', '8000'], …]
 */
export function customBenchmarkEnv(config: SrtConfig, runtime: Pick<RuntimeContext, 'nodeAddrs'>, deployment: BenchmarkDeployment): readonly (readonly [string, string])[] {
  const dynamo = !config.frontend.use_sglang_router;
  const ip = (node: string): string => runtime.nodeAddrs.get(node) ?? node;
  const env: [string, string][] = [];
  const metrics: string[] = [];
  for (const mode of MODES) {
    const ls = leaders(deployment.workers, mode)
      .map((w) => ({ ip: ip(w.node), port: dynamo ? w.sysPort : w.httpPort }))
      .filter((w) => w.port > 0);
    if (ls.length === 0) continue;
    const key = mode.toUpperCase();
    env.push([`SRT_${key}_IPS`, ls.map((w) => w.ip).join(',')], [`SRT_${key}_ENDPOINTS`, ls.map((w) => `${w.ip}:${w.port}`).join(',')]);
    metrics.push(...ls.map((w) => `http://${w.ip}:${w.port}/metrics`));
  }
  const url = new URL(deployment.publicUrl);
  env.push(['SRTCTL_FRONTEND_TYPE', dynamo ? 'dynamo' : 'sglang'], ['SRT_FRONTEND_HOST', url.hostname], ['SRT_FRONTEND_PORT', url.port === '' ? '80' : url.port]);
  env.push(...Object.entries(config.environment));
  const backendEnv = (key: string): Readonly<Record<string, string>> | undefined => config.backend[key] as Readonly<Record<string, string>> | undefined;
  const kvbm = backendEnv('prefill_environment')?.['DYN_KVBM_METRICS_PORT'] ?? backendEnv('aggregated_environment')?.['DYN_KVBM_METRICS_PORT'];
  if (kvbm !== undefined) {
    for (const mode of ['prefill', 'agg'] as const) metrics.push(...leaders(deployment.workers, mode).map((w) => `http://${ip(w.node)}:${kvbm}/metrics`));
  }
  const urls = [...new Set(metrics)];
  if (urls.length > 0) env.push(['AIPERF_SERVER_METRICS_URLS', urls.join(',')]);
  env.push(...Object.entries(config.benchmark.env ?? {}));
  return env;
}

/**
 * Warnings about the custom-benchmark keys: `{word}` placeholders reach bash unchanged
 * (nv#66, quirk V15), and `command`/`env`/`container_image` do nothing for other types.
 *
 * @example customBenchmarkWarnings(config) // benchmark.command 'curl http://{host}:8000/v1/models' → ['benchmark.command contains {host}, which is passed to bash unchanged; use $SRT_FRONTEND_HOST:$SRT_FRONTEND_PORT']
 */
export function customBenchmarkWarnings(config: SrtConfig): readonly string[] {
  const b = config.benchmark;
  if (b.type !== 'custom') {
    const set = (['command', 'env', 'container_image'] as const).filter((k) => b[k] != null);
    return set.length === 0 ? [] : [`benchmark.${set.join(', benchmark.')} only apply to benchmark.type custom (this recipe runs ${b.type}): remove ${set.length === 1 ? 'it' : 'them'}`];
  }
  const m = b.command == null ? null : /\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(b.command);
  return m === null ? [] : [`benchmark.command contains {${m[1]}}, which is passed to bash unchanged; use $SRT_FRONTEND_HOST:$SRT_FRONTEND_PORT`];
}

/**
 * `benchmark.type: custom`: the user's own shell command (`bash -lc`, verbatim) against the
 * deployed endpoint, in `benchmark.container_image` (or the job's image), with the
 * environment of `customBenchmarkEnv`. Its exit status is the benchmark's.
 */
export const customRunner = {
  type: 'custom',
  name: 'Custom',
  validate: (config) => {
    const command = config.benchmark.command;
    return command == null || command.trim() === '' ? ['benchmark.command: required for benchmark.type custom (the shell command to run against $SRT_FRONTEND_HOST:$SRT_FRONTEND_PORT)'] : [];
  },
  plan: (config, runtime, deployment) => {
    const image = config.benchmark.container_image;
    return {
      argv: ['bash', '-lc', config.benchmark.command ?? ''],
      env: customBenchmarkEnv(config, runtime, deployment),
      container: true,
      ...(image == null || image === '' ? {} : { containerImage: image }),
    };
  },
} as const satisfies BenchmarkRunner;

/** A result file the custom command wrote, parsed. */
export interface CustomResultFile {
  readonly path: string;
  readonly json: unknown;
}

/**
 * The validity gate applied to whatever sa-bench-shaped results (`completed`, `num_prompts`,
 * `total_output_tokens`, optional `failed`) a custom command wrote: one line per result that
 * fails it; other files are not judged.
 *
 * @example customResultProblems([{ path: 'results.json', json: { completed: 90, num_prompts: 100, total_output_tokens: 9000, failed: 10 } }], 0) // → ['results.json: 10 of 100 requests failed, more than the 0 allowed']
 */
export function customResultProblems(files: readonly CustomResultFile[], maxFailed: number): readonly string[] {
  const problems: string[] = [];
  for (const { path, json } of files) {
    if (typeof json !== 'object' || json === null) continue;
    const r = json as Record<string, unknown>;
    const num = (k: string): number | undefined => (typeof r[k] === 'number' ? (r[k] as number) : undefined);
    const completed = num('completed');
    const numPrompts = num('num_prompts');
    const tokens = num('total_output_tokens');
    if (completed === undefined || numPrompts === undefined || tokens === undefined) continue;
    const v = checkValidity({ completed, failed: num('failed') ?? 0, totalOutputTokens: tokens }, { numPrompts, maxFailed });
    if (!v.valid) problems.push(`${path}: ${v.reason}`);
  }
  return problems;
}
