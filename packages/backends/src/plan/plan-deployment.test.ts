import type { Backend, Endpoint, SrtConfig } from '@srt/core';
import { isSrtError, shellJoin, SrtConfigSchema } from '@srt/core';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { sglangBackend } from '../sglang/index.ts';
import { fakeRuntime } from '../testing/fake-runtime.ts';
import { planDeployment } from './plan-deployment.ts';

const recipe = (over: Record<string, unknown> = {}): SrtConfig =>
  v.parse(SrtConfigSchema, {
    name: 't',
    model: { path: '/models/DeepSeek-R1', container: '/c/sglang.sqsh', precision: 'fp8' },
    resources: { gpu_type: 'gb200', gpus_per_node: 4, prefill_nodes: 1, decode_nodes: 2, prefill_workers: 1, decode_workers: 2 },
    backend: { type: 'sglang', sglang_config: { prefill: { tp: 4 }, decode: { tp: 4 } } },
    ...over,
  }) as SrtConfig;

const summary = (plan: ReturnType<typeof planDeployment>) => plan.processes.map((p) => `${p.name}@${p.node}: ${shellJoin(p.argv)}`);

function thrown(f: () => unknown): { code: string; message: string; details: readonly string[] } {
  try {
    f();
  } catch (e) {
    if (isSrtError(e)) return { code: e.code, message: e.message, details: e.details };
    throw e;
  }
  throw new Error('did not throw');
}

describe('planDeployment', () => {
  it('plans head services, workers, nginx and Dynamo frontends in start order', () => {
    const plan = planDeployment(recipe(), fakeRuntime({ nodeCount: 3 }));
    expect(plan.processes.map((p) => [p.name, p.node, p.logFile.replace('/work/outputs/4242/logs/', '')])).toStrictEqual([
      ['nats', 'n01', 'nats.log'],
      ['etcd', 'n01', 'etcd.log'],
      ['prefill_0_n01', 'n01', 'n01_prefill_w0.out'],
      ['decode_0_n02', 'n02', 'n02_decode_w0.out'],
      ['decode_1_n03', 'n03', 'n03_decode_w1.out'],
      ['nginx', 'n01', 'n01_nginx.out'],
      ['frontend_0', 'n02', 'n02_frontend_0.out'],
      ['frontend_1', 'n03', 'n03_frontend_1.out'],
    ]);
    expect(summary(plan).slice(2)).toMatchInlineSnapshot(`
      [
        "prefill_0_n01@n01: python3 -m dynamo.sglang --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0 --disaggregation-mode prefill --dump-config-to /logs/n01_prefill_w0_config.json --tp 4",
        "decode_0_n02@n02: python3 -m dynamo.sglang --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0 --disaggregation-mode decode --dump-config-to /logs/n02_decode_w0_config.json --tp 4",
        "decode_1_n03@n03: python3 -m dynamo.sglang --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0 --disaggregation-mode decode --dump-config-to /logs/n03_decode_w1_config.json --tp 4",
        "nginx@n01: nginx -c /logs/nginx.conf -g 'daemon off;'",
        "frontend_0@n02: python3 -m dynamo.frontend --http-port=8080",
        "frontend_1@n03: python3 -m dynamo.frontend --http-port=8080",
      ]
    `);
    expect(plan.files.map((f) => f.path)).toStrictEqual(['/work/outputs/4242/logs/nginx.conf']);
    expect(plan.health).toStrictEqual({ url: 'http://10.0.0.1:8000/health', format: 'dynamo', expectedPrefill: 1, expectedDecode: 2, intervalMs: 10_000, timeoutMs: 1_800_000, headServicesTimeoutMs: 1_200_000, frontendTimeoutMs: 1_200_000, benchmarkTimeoutMs: undefined });
    expect(plan.useSglangRouter).toBe(false);
  });

  it('gives the router the bootstrap ports the prefill workers serve on (quirk B2 fixed)', () => {
    const config = recipe({
      resources: { gpu_type: 'h100', gpus_per_node: 4, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 2, decode_workers: 1 },
      frontend: { use_sglang_router: true, enable_multiple_frontends: false },
    });
    const plan = planDeployment(config, fakeRuntime({ nodeCount: 2 }));
    expect(summary(plan).slice(2)).toMatchInlineSnapshot(`
      [
        "prefill_0_n01@n01: python3 -m sglang.launch_server --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0 --port 30000 --disaggregation-mode prefill --disaggregation-bootstrap-port 31000 --tp 4",
        "prefill_1_n01@n01: python3 -m sglang.launch_server --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0 --port 30001 --disaggregation-mode prefill --disaggregation-bootstrap-port 31001 --tp 4",
        "decode_0_n02@n02: python3 -m sglang.launch_server --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0 --port 30000 --disaggregation-mode decode --tp 4",
        "sglang_router_0@n01: python -m sglang_router.launch_router --pd-disaggregation --prefill http://10.0.0.1:30000 31000 --prefill http://10.0.0.1:30001 31001 --decode http://10.0.0.2:30000 --host 0.0.0.0 --port 8000",
      ]
    `);
    expect(plan.processes.find((p) => p.name === 'prefill_0_n01')?.preamble).toBeUndefined();
    expect(plan.health.url).toBe('http://10.0.0.1:8000/workers');
    expect(plan.health.format).toBe('sglang-router');
  });

  it('sends aggregated workers to the router as regular workers and expects (0, agg) (quirk B3 fixed)', () => {
    const config = recipe({ resources: { gpu_type: 'h100', gpus_per_node: 8, agg_nodes: 1, agg_workers: 2 }, frontend: { use_sglang_router: true } });
    const plan = planDeployment(config, fakeRuntime({ nodeCount: 1, gpusPerNode: 8 }));
    expect(summary(plan).at(-1)).toBe('sglang_router_0@n01: python -m sglang_router.launch_router --worker-urls http://10.0.0.1:30000 http://10.0.0.1:30001 --host 0.0.0.0 --port 8000');
    expect([plan.health.expectedPrefill, plan.health.expectedDecode]).toStrictEqual([0, 2]);
  });

  it('runs profiling behind the SGLang router with profiling env and nsys output under /logs (quirks B1, B4)', () => {
    const config = recipe({
      resources: { gpu_type: 'gb200', gpus_per_node: 4, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 },
      profiling: { type: 'nsys', isl: 8, osl: 4, concurrency: 1, prefill: { start_step: 0, stop_step: 5 }, decode: { start_step: 1, stop_step: 3 } },
    });
    const plan = planDeployment(config, fakeRuntime({ nodeCount: 2 }));
    const prefill = plan.processes.find((p) => p.name === 'prefill_0_n01')!;
    expect(shellJoin(prefill.argv)).toBe(
      'nsys profile -t cuda,nvtx --cuda-graph-trace=node -c cudaProfilerApi --capture-range-end stop --force-overwrite true -o /logs/n01_prefill_w0_profile python3 -m sglang.launch_server --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0 --port 30000 --disaggregation-mode prefill --disaggregation-bootstrap-port 31000 --tp 4',
    );
    expect(prefill.env.slice(4)).toStrictEqual([
      ['PROFILING_MODE', 'prefill'], ['PROFILE_ISL', '8'], ['PROFILE_OSL', '4'], ['PROFILE_CONCURRENCY', '1'], ['PROFILE_PREFILL_START_STEP', '0'], ['PROFILE_PREFILL_STOP_STEP', '5'],
    ]);
    expect(plan.useSglangRouter).toBe(true);
    expect(plan.processes.filter((p) => p.role === 'frontend').map((p) => p.name)).toStrictEqual(['sglang_router_0']);
  });

  it('rendezvouses multi-node workers at the leader address', () => {
    const config = recipe({ resources: { gpu_type: 'gb200', gpus_per_node: 4, prefill_nodes: 2, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 } });
    const plan = planDeployment(config, fakeRuntime({ nodeCount: 3 }));
    const ranks = plan.processes.filter((p) => p.mode === 'prefill').map((p) => shellJoin(p.argv.slice(p.argv.indexOf('--dist-init-addr'), p.argv.indexOf('--dist-init-addr') + 6)));
    expect(ranks).toStrictEqual(['--dist-init-addr 10.0.0.1:29500 --nnodes 2 --node-rank 0', '--dist-init-addr 10.0.0.1:29500 --nnodes 2 --node-rank 1']);
  });

  it('exports the worker environment and runs the setup script and Dynamo install first', () => {
    const config = recipe({ setup_script: 'my.sh', backend: { type: 'sglang', decode_environment: { D: '1' } } });
    const decode = planDeployment(config, fakeRuntime({ nodeCount: 3, environment: { G: '1' } })).processes.find((p) => p.name === 'decode_1_n03')!;
    expect(decode.env).toStrictEqual([
      ['HEAD_NODE_IP', '10.0.0.1'], ['ETCD_ENDPOINTS', 'http://n01:2379'], ['NATS_SERVER', 'nats://n01:4222'], ['DYN_SYSTEM_PORT', '8083'], ['D', '1'], ['G', '1'],
    ]);
    expect(decode.preamble).toBe(
      "echo 'Running setup script: /configs/my.sh' && if [ -f '/configs/my.sh' ]; then bash '/configs/my.sh'; else echo 'WARNING: /configs/my.sh not found'; fi && echo 'Installing dynamo...' && pip install --quiet ai-dynamo-runtime==0.7.0 ai-dynamo==0.7.0 && echo 'Dynamo installed'",
    );
  });

  it('skips the config dump when enable_config_dump is false (quirk C5 implemented)', () => {
    const plan = planDeployment(recipe({ enable_config_dump: false }), fakeRuntime({ nodeCount: 3 }));
    expect(plan.processes.some((p) => p.argv.includes('--dump-config-to'))).toBe(false);
  });

  it('uses the cluster file binaries for NATS and etcd', () => {
    const plan = planDeployment(recipe(), fakeRuntime({ nodeCount: 3 }), { cluster: { nats_binary: '/opt/nats-server', etcd_binary: '/opt/etcd' } });
    expect(plan.processes.slice(0, 2).map((p) => p.argv[0])).toStrictEqual(['/opt/nats-server', '/opt/etcd']);
  });

  it("uses the backend's own frontend and skips head services when the backend says so", () => {
    const backend: Backend<unknown> = {
      ...sglangBackend,
      usesHeadServices: () => false,
      runsInContainer: () => false,
      buildFrontendCommand: ({ index, port, targets }) => ({ argv: ['fe', String(index), String(port), ...targets.decode], env: [['K', 'v']] }),
    } as Backend<unknown>;
    const plan = planDeployment(recipe(), fakeRuntime({ nodeCount: 3 }), { backend });
    expect(plan.processes.map((p) => p.name)).toStrictEqual(['prefill_0_n01', 'decode_0_n02', 'decode_1_n03', 'nginx', 'frontend_0', 'frontend_1']);
    expect(plan.processes.at(-1)).toMatchObject({ argv: ['fe', '1', '8080', 'http://10.0.0.2:30000', 'http://10.0.0.3:30000'], env: [['K', 'v']], container: false });
  });

  it('fails before anything starts when the nodes run out', () => {
    expect(thrown(() => planDeployment(recipe(), fakeRuntime({ nodeCount: 2 }))).code).toBe('SRT_NODES_EXHAUSTED');
  });

  it('rejects GPUs given to two workers on one node', () => {
    const ep = (mode: 'prefill' | 'decode', gpus: number[]): Endpoint => ({ mode, index: 0, nodes: ['n01'], gpuIndices: gpus, gpusPerNode: 4, leaderNode: 'n01', numNodes: 1, totalGpus: gpus.length, isMultiNode: false });
    const backend = { ...sglangBackend, allocateEndpoints: () => [ep('prefill', [0, 1, 2]), ep('decode', [2, 3])] } as Backend<unknown>;
    const error = thrown(() => planDeployment(recipe(), fakeRuntime({ nodeCount: 1 }), { backend }));
    expect(error).toMatchInlineSnapshot(`
      {
        "code": "SRT_PLAN_INVALID",
        "details": [
          "GPU 2 on n01 is given to both prefill_0_n01 and decode_0_n01",
        ],
        "message": "The deployment plan has 1 conflict: change the worker sizes in resources, or the ports in the backend's option maps (e.g. disaggregation-bootstrap-port, data-parallel-rpc-port), so no GPU or port is used twice on a node",
      }
    `);
  });

  it('rejects two prefill workers on one node sharing the recipe bootstrap port', () => {
    const config = recipe({
      resources: { gpu_type: 'h100', gpus_per_node: 4, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 2, decode_workers: 1 },
      backend: { type: 'sglang', sglang_config: { prefill: { 'disaggregation-bootstrap-port': 30001 } } },
    });
    expect(thrown(() => planDeployment(config, fakeRuntime({ nodeCount: 2 })))).toMatchInlineSnapshot(`
      {
        "code": "SRT_PLAN_INVALID",
        "details": [
          "port 30001 on n01 is bound by both prefill_0_n01 (bootstrap) and prefill_1_n01 (bootstrap)",
        ],
        "message": "The deployment plan has 1 conflict: change the worker sizes in resources, or the ports in the backend's option maps (e.g. disaggregation-bootstrap-port, data-parallel-rpc-port), so no GPU or port is used twice on a node",
      }
    `);
  });

  it('rejects environment variable names a shell cannot export, before anything starts', () => {
    const config = recipe({ backend: { type: 'sglang', decode_environment: { '1X': 'z', 'with space': 'w' }, sglang_config: { prefill: { tp: 4 }, decode: { tp: 4 } } } });
    expect(thrown(() => planDeployment(config, fakeRuntime({ nodeCount: 3, environment: { OK_1: 'x', 'A-B': 'y' } })))).toMatchInlineSnapshot(`
      {
        "code": "SRT_CONFIG_INVALID",
        "details": [
          "environment.A-B: not a shell variable name",
          "backend.decode_environment.1X: not a shell variable name",
          "backend.decode_environment.with space: not a shell variable name",
        ],
        "message": "Environment variable names must be shell names (letters, digits and _, not starting with a digit): rename them in the recipe",
      }
    `);
  });

  it('reports backend section problems with backend. paths', () => {
    const config = { ...recipe(), backend: { type: 'sglang', prefill_environment: { A: 1 } } } as unknown as SrtConfig;
    expect(thrown(() => planDeployment(config, fakeRuntime({ nodeCount: 3 })))).toMatchInlineSnapshot(`
      {
        "code": "SRT_CONFIG_INVALID",
        "details": [
          "backend.prefill_environment.A: expected a string (quote numbers, e.g. "1")",
        ],
        "message": "The backend section has 1 problem: fix them in the recipe and run \`srtctl validate\`",
      }
    `);
  });
});
