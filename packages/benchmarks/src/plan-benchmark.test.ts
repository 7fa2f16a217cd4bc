import { describe, expect, it } from 'vitest';
import { DEPLOYMENT, recipe, RUNTIME } from '../test/fixtures.ts';
import { planBenchmark } from './plan-benchmark.ts';

const PROFILING = { type: 'torch', isl: 1024, osl: 128, concurrency: 8, prefill: { start_step: 5, stop_step: 15 }, decode: { start_step: 10, stop_step: 20 } };
const plan = (extra: Record<string, unknown>) => planBenchmark(recipe(extra), RUNTIME, DEPLOYMENT);
/** argv with the long fixed script texts shortened. */
const shortArgv = (extra: Record<string, unknown>) => plan(extra)?.argv.map((a) => (a.includes('\n') ? '<script>' : a));

describe('planBenchmark', () => {
  it('takes planDeployment’s result as is: its public port on the head node and its workers', () => {
    const config = recipe({ benchmark: { type: 'sa-bench', isl: 1024, osl: 256, concurrencies: [4] } });
    const deploymentPlan = { workers: DEPLOYMENT.workers, frontendTopology: { publicPort: 8000 }, processes: [], files: [] };
    expect(planBenchmark(config, RUNTIME, deploymentPlan)).toStrictEqual(planBenchmark(config, RUNTIME, { ...DEPLOYMENT, publicUrl: `http://${RUNTIME.headNodeIp}:8000` }));
  });

  it('plans nothing for manual', () => {
    expect(plan({ benchmark: { type: 'manual' } })).toBeUndefined();
  });

  it('runs sa-bench with our own generator on the head node, outside the container', () => {
    const p = plan({ benchmark: { type: 'sa-bench', isl: 1024, osl: 256, concurrencies: [4, 8], req_rate: 2.5 } });
    expect(p).toMatchInlineSnapshot(`
      {
        "argv": [
          "node",
          "/opt/srtctl/srtctl.mjs",
          "bench",
          "sa",
          "--url",
          "http://10.0.0.1:8000",
          "--model",
          "DeepSeek-R1",
          "--isl",
          "1024",
          "--osl",
          "256",
          "--concurrency",
          "4x8",
          "--req-rate",
          "2.5",
          "--result-dir",
          "/work/outputs/1234/logs/sa-bench_isl_1024_osl_256",
          "--progress-file",
          "/work/outputs/1234/logs/benchmark-progress.json",
        ],
        "container": false,
        "critical": false,
        "env": [],
        "logFile": "/work/outputs/1234/logs/benchmark.out",
        "name": "benchmark",
        "node": "n1",
        "readiness": {
          "kind": "none",
        },
        "role": "benchmark",
      }
    `);
  });

  it('passes the optional sa-bench settings of the recipe', () => {
    expect(shortArgv({ benchmark: { type: 'sa-bench', isl: 8, osl: 8, concurrencies: '2x4', num_prompts: 50, seed: 3, use_chat: true, warmup: false, max_failed_requests: 2, stall_timeout_seconds: 45 } })?.slice(16))
      .toMatchInlineSnapshot(`
        [
          "--result-dir",
          "/work/outputs/1234/logs/sa-bench_isl_8_osl_8",
          "--progress-file",
          "/work/outputs/1234/logs/benchmark-progress.json",
          "--num-prompts",
          "50",
          "--seed",
          "3",
          "--chat",
          "--no-warmup",
          "--max-failed",
          "2",
          "--stall-timeout",
          "45",
        ]
      `);
  });

  it('takes the model name from the recipe (K1)', () => {
    const p = plan({
      benchmark: { type: 'sa-bench', isl: 8, osl: 8, concurrencies: '2' },
      backend: { type: 'sglang', sglang_config: { prefill: { 'served-model-name': 'my/served' } } },
    });
    expect(p?.argv[p.argv.indexOf('--model') + 1]).toBe('my/served');
  });

  it.each([
    { type: 'mmlu', benchmark: { type: 'mmlu' } },
    { type: 'mmlu with explicit zero examples (K2)', benchmark: { type: 'mmlu', num_examples: 0, max_tokens: 16, repeat: 1, num_threads: 4 } },
    { type: 'gpqa', benchmark: { type: 'gpqa' } },
    { type: 'longbenchv2', benchmark: { type: 'longbenchv2' } },
    { type: 'longbenchv2 with categories', benchmark: { type: 'longbenchv2', num_examples: 10, categories: ['a', 'b'] } },
  ])('builds the $type eval command for the worker container with the real endpoint (K3)', ({ benchmark }) => {
    const p = plan({ benchmark });
    expect(p?.container).toBe(true);
    expect(shortArgv({ benchmark })).toMatchSnapshot();
  });

  it('builds the router benchmark with the endpoint passed and prefix ratios as one argument', () => {
    const argv = shortArgv({ benchmark: { type: 'router', prefix_ratios: [0.2, 0.8] }, frontend: { use_sglang_router: true } });
    expect(argv).toMatchInlineSnapshot(`
      [
        "bash",
        "-c",
        "<script>",
        "router-bench",
        "http://10.0.0.1:8000",
        "14000",
        "200",
        "200",
        "20",
        "0.2 0.8",
        "/logs/router-bench",
      ]
    `);
  });

  it('builds the profiling run with the env contract, real leader ports (K4) and agg GPUs counted (K6)', () => {
    const p = plan({ benchmark: { type: 'manual' }, profiling: PROFILING });
    expect(p?.env).toMatchInlineSnapshot(`
      [
        [
          "PROFILE_ISL",
          "1024",
        ],
        [
          "PROFILE_OSL",
          "128",
        ],
        [
          "PROFILE_CONCURRENCY",
          "8",
        ],
        [
          "PROFILE_MODEL_NAME",
          "DeepSeek-R1",
        ],
        [
          "HEAD_NODE",
          "10.0.0.1",
        ],
        [
          "HEAD_PORT",
          "8000",
        ],
        [
          "PROFILE_PREFILL_IPS",
          "10.0.0.1:30000",
        ],
        [
          "PROFILE_DECODE_IPS",
          "10.0.0.2:30001",
        ],
        [
          "PROFILE_PREFILL_START_STEP",
          "5",
        ],
        [
          "PROFILE_PREFILL_STOP_STEP",
          "15",
        ],
        [
          "PROFILE_DECODE_START_STEP",
          "10",
        ],
        [
          "PROFILE_DECODE_STOP_STEP",
          "20",
        ],
        [
          "SGLANG_TORCH_PROFILER_DIR",
          "/work/outputs/1234/logs/profiles",
        ],
        [
          "PROFILING_MODE",
          "prefill",
        ],
      ]
    `);
    expect(p?.argv.map((a) => (a.includes('\n') ? '<script>' : a))).toMatchInlineSnapshot(`
      [
        "bash",
        "-c",
        "<script>",
        "profile",
        "1",
        "1",
        "8",
        "8",
        "16",
        "node",
        "/opt/srtctl/srtctl.mjs",
        "bench",
        "sa",
        "--url",
        "http://10.0.0.1:8000",
        "--model",
        "DeepSeek-R1",
        "--isl",
        "1024",
        "--osl",
        "128",
        "--concurrency",
        "8",
        "--num-prompts",
        "128",
        "--range-ratio",
        "1",
        "--no-warmup",
        "--result-dir",
        "/work/outputs/1234/logs/profiling-traffic",
      ]
    `);
  });

  it('counts aggregated GPUs in the profiling total (K6)', () => {
    const p = plan({
      resources: { gpu_type: 'h100', gpus_per_node: 8, agg_nodes: 1, agg_workers: 1 },
      profiling: { type: 'nsys', isl: 8, osl: 8, concurrency: 2, aggregated: { start_step: 0, stop_step: 10 } },
    });
    expect(p?.argv.slice(4, 9)).toStrictEqual(['0', '0', '0', '0', '8']);
    expect(p?.env.find(([k]) => k === 'SGLANG_TORCH_PROFILER_DIR')).toBeUndefined();
  });

  it('refuses a recipe whose benchmark does not validate', () => {
    expect(() => plan({ benchmark: { type: 'router' } })).toThrowError(expect.objectContaining({ code: 'SRT_BENCHMARK_INVALID' }) as Error);
  });
});

describe('planBenchmarks', () => {
  it('plans one process per entry of a benchmark list, each under its own bench_<n> directory', async () => {
    const { parseConfig, createRuntimeContext } = await import('@srt/core');
    const { planBenchmarks } = await import('./plan-benchmark.ts');
    const { config } = parseConfig(
      'name: x\nmodel: { path: /m, container: c, precision: fp8 }\nresources: { gpu_type: h100, gpus_per_node: 4, agg_nodes: 1, agg_workers: 1 }\n' +
        'benchmark:\n  - { type: sa-bench, isl: 8, osl: 8, concurrencies: [1, 2] }\n  - { type: sa-bench, isl: 8, osl: 8, concurrencies: [4], slo: { itl_p99_ms: 30 }, search: concurrency }\n',
      { source: 'r.yaml' },
    );
    expect(config.benchmark.concurrencies).toStrictEqual([1, 2]);
    const runtime = createRuntimeContext(config, { jobId: '1', nodes: ['n1'], nodeAddrs: new Map([['n1', '10.0.0.1']]) }, { cwd: '/w', vars: {}, selfCommand: ['srtctl'], srtctlRoot: '/opt/srtctl' });
    const steps = planBenchmarks(config, runtime, { publicUrl: 'http://10.0.0.1:8000', workers: [] });
    expect(steps.map((s) => [s.name, s.logFile, s.argv[s.argv.indexOf('--result-dir') + 1]])).toStrictEqual([
      ['benchmark_1', '/w/outputs/1/logs/bench_1/benchmark.out', '/w/outputs/1/logs/bench_1/sa-bench_isl_8_osl_8'],
      ['benchmark_2', '/w/outputs/1/logs/bench_2/benchmark.out', '/w/outputs/1/logs/bench_2/sa-bench_isl_8_osl_8'],
    ]);
  });
});
