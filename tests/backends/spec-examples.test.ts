/**
 * The command-line examples of backends.md §2.1, §2.2, §7 and §8, reproduced through the
 * whole pipeline (parseConfig → createRuntimeContext → planDeployment → srun). Where a fixed
 * quirk changes the text, the test applies exactly the documented substitution to the
 * reference line (docs/porting-notes.md), so any other difference fails.
 */
import { backendSchemas, buildProcessSrunCommand, buildSglangWorkerCommand, planDeployment } from '@srt/backends';
import { createRuntimeContext, parseConfig, shellJoin, type SrtConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';

function load(yaml: string): SrtConfig {
  return parseConfig(yaml, { source: 'spec.yaml', backends: backendSchemas }).config;
}

function runtimeFor(config: SrtConfig, nodes: readonly string[]) {
  return createRuntimeContext(
    config,
    { jobId: '4242', nodes, nodeAddrs: new Map(nodes.map((n, i) => [n, `10.0.0.${i + 1}`])) },
    { cwd: '/cwd', vars: {}, selfCommand: ['node', '/SRC/srtctl.mjs'], srtctlRoot: '/SRC', configsDir: '/SRC/configs', benchmarkScriptsDir: '/SRC/src/srtctl/benchmarks/scripts' },
  );
}

const BASE = `
name: spec
model: { path: /models/DeepSeek-R1, container: /c/sglang.sqsh, precision: fp8 }
`;

describe('backends.md §8 complete srun example', () => {
  it('matches the reference line except the container paths of quirks B1 and B6', () => {
    const config = load(`${BASE}
resources: { gpu_type: h100, gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 2 }
setup_script: my.sh
environment: { GLOBAL_X: "1" }
backend:
  decode_environment: { D: "1" }
  sglang_config:
    prefill: { served-model-name: dsr1 }
    decode: { tp: 4 }
`);
    const runtime = runtimeFor(config, ['n1', 'n2']);
    const decode = planDeployment(config, runtime).processes.find((p) => p.name === 'decode_0_n2');
    const reference = [
      'srun', '--overlap', '--nodes', '1', '--ntasks', '1', '--nodelist', 'n2', '--output', '/cwd/outputs/4242/logs/n2_decode_w0.out',
      '--container-image', '/c/sglang.sqsh', '--no-container-entrypoint', '--no-container-mount-home',
      '--container-mounts', '/models/DeepSeek-R1:/model,/cwd/outputs/4242/logs:/logs,/SRC/configs:/configs,/SRC/src/srtctl/benchmarks/scripts:/srtctl-benchmarks',
      'bash', '-c',
      "echo 'Running setup script: /configs/my.sh' && if [ -f '/configs/my.sh' ]; then bash '/configs/my.sh'; else echo 'WARNING: /configs/my.sh not found'; fi && echo 'Installing dynamo...' && pip install --quiet ai-dynamo-runtime==0.7.0 ai-dynamo==0.7.0 && echo 'Dynamo installed' && export HEAD_NODE_IP=10.0.0.1 && export ETCD_ENDPOINTS=http://n1:2379 && export NATS_SERVER=nats://n1:4222 && export DYN_SYSTEM_PORT=8082 && export D=1 && export GLOBAL_X=1 && export CUDA_VISIBLE_DEVICES=0,1,2,3 && python3 -m dynamo.sglang --model-path /models/DeepSeek-R1 --served-model-name dsr1 --host 0.0.0.0 --disaggregation-mode decode --dump-config-to /cwd/outputs/4242/logs/n2_config.json --tp 4",
    ];
    const fixed = reference.map((a) =>
      a
        .replace('--model-path /models/DeepSeek-R1', '--model-path /model') // B1
        .replace('--dump-config-to /cwd/outputs/4242/logs/n2_config.json', '--dump-config-to /logs/n2_decode_w0_config.json'), // B1 + B6
    );
    expect(buildProcessSrunCommand(decode!, runtime)).toStrictEqual(fixed);
  });
});

describe('backends.md §2.1 Dynamo prefill example', () => {
  it('matches the reference argv except the container paths of quirks B1 and B6', () => {
    const config = load(`${BASE}
resources: { gpu_type: h100, gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 }
backend:
  sglang_config:
    prefill: { served-model-name: dsr1, trust-remote-code: true, tp: 8, disable_radix_cache: false, cuda-graph-bs: [1, 2, 4], foo: null, mem-fraction-static: 0.8 }
`);
    const prefill = planDeployment(config, runtimeFor(config, ['n1', 'n2'])).processes.find((p) => p.name === 'prefill_0_n1');
    const reference =
      'python3 -m dynamo.sglang --model-path /models/DeepSeek-R1 --served-model-name dsr1 --host 0.0.0.0 --disaggregation-mode prefill --dump-config-to /cwd/outputs/4242/logs/n1_config.json --cuda-graph-bs 1 2 4 --mem-fraction-static 0.8 --served-model-name dsr1 --tp 8 --trust-remote-code';
    expect(shellJoin(prefill!.argv)).toBe(
      reference.replace('--model-path /models/DeepSeek-R1', '--model-path /model').replace('/cwd/outputs/4242/logs/n1_config.json', '/logs/n1_prefill_w0_config.json'),
    );
  });
});

describe('backends.md §2.2 router-mode multi-node example', () => {
  const yaml = `
name: spec
model: { path: /models/Qwen3-32B, container: /c/sglang.sqsh, precision: bf16 }
resources: { gpu_type: h100, gpus_per_node: 4, prefill_nodes: 2, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 }
frontend: { use_sglang_router: true }
backend: { sglang_config: { prefill: { tp: 8 } } }
`;
  const reference = [
    'python3 -m sglang.launch_server --model-path /models/Qwen3-32B --served-model-name Qwen3-32B --host 0.0.0.0 --port 30000 --dist-init-addr 10.0.0.1:29500 --nnodes 2 --node-rank 0 --tp 8',
    'python3 -m sglang.launch_server --model-path /models/Qwen3-32B --served-model-name Qwen3-32B --host 0.0.0.0 --port 0 --dist-init-addr 10.0.0.1:29500 --nnodes 2 --node-rank 1 --tp 8',
  ];

  it('is reproduced exactly with host paths and the B2 fix switched off', () => {
    const config = load(yaml);
    const runtime = runtimeFor(config, ['a1', 'a2', 'a3']);
    const hostRuntime = { ...runtime, workerPaths: { modelPath: runtime.modelPath, logDir: runtime.logDir } };
    const plan = planDeployment(config, runtime);
    const group = plan.workers.filter((p) => p.endpointMode === 'prefill');
    const sglang = config.backend as never;
    const argv = group.map((p) => shellJoin(buildSglangWorkerCommand(p, group, hostRuntime, { config: sglang, useSglangRouter: true, profilingEnabled: false, routerDisaggregationFlags: false })));
    expect(argv).toStrictEqual(reference);
  });

  it('as planned: container model path (B1), disaggregation mode and bootstrap port (B2)', () => {
    const config = load(yaml);
    const plan = planDeployment(config, runtimeFor(config, ['a1', 'a2', 'a3']));
    const planned = plan.processes.filter((p) => p.mode === 'prefill').map((p) => shellJoin(p.argv));
    expect(planned).toStrictEqual(
      reference.map((r) =>
        r
          .replace('--model-path /models/Qwen3-32B', '--model-path /model')
          .replace(/--port (\d+) /, '--port $1 --disaggregation-mode prefill --disaggregation-bootstrap-port 31000 '),
      ),
    );
  });
});

describe('backends.md §7 router example', () => {
  it('is reproduced exactly for one 2-node prefill and two decode workers behind nginx', () => {
    const config = load(`
name: spec
model: { path: /models/Qwen3-32B, container: /c/sglang.sqsh, precision: bf16 }
resources: { gpu_type: h100, gpus_per_node: 4, prefill_nodes: 2, decode_nodes: 2, prefill_workers: 1, decode_workers: 2 }
frontend: { use_sglang_router: true, sglang_router_args: { policy: cache_aware, verbose: true } }
`);
    const plan = planDeployment(config, runtimeFor(config, ['n1', 'n2', 'n3', 'n4']));
    const routers = plan.processes.filter((p) => p.role === 'frontend');
    expect(routers.map((p) => `${p.name}@${p.node}`)).toStrictEqual(['sglang_router_0@n2', 'sglang_router_1@n3', 'sglang_router_2@n4']);
    for (const r of routers) {
      expect(shellJoin(r.argv)).toBe(
        'python -m sglang_router.launch_router --pd-disaggregation --prefill http://10.0.0.1:30000 31000 --decode http://10.0.0.3:30000 --decode http://10.0.0.4:30000 --host 0.0.0.0 --port 8080 --policy cache_aware --verbose',
      );
    }
  });
});

describe('backends.md §8.1 nginx launch', () => {
  it('is the reference srun line, with D3 (install nginx only when the image lacks it)', () => {
    const config = load(`${BASE}
resources: { gpu_type: h100, gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 }
`);
    const runtime = runtimeFor(config, ['n1', 'n2']);
    const nginx = planDeployment(config, runtime).processes.find((p) => p.name === 'nginx');
    expect(buildProcessSrunCommand(nginx!, runtime)).toStrictEqual([
      'srun', '--overlap', '--nodes', '1', '--ntasks', '1', '--nodelist', 'n1', '--output', '/cwd/outputs/4242/logs/n1_nginx.out',
      '--container-image', '/c/sglang.sqsh', '--no-container-entrypoint', '--no-container-mount-home',
      '--container-mounts', '/models/DeepSeek-R1:/model,/cwd/outputs/4242/logs:/logs,/SRC/configs:/configs,/SRC/src/srtctl/benchmarks/scripts:/srtctl-benchmarks',
      // Reference: "apt-get update -qq && apt-get install -y -qq nginx && nginx …"; D3 guards the install.
      'bash', '-c', "if ! command -v nginx >/dev/null 2>&1; then apt-get update -qq && apt-get install -y -qq nginx; fi && nginx -c /logs/nginx.conf -g 'daemon off;'",
    ]);
  });
});
