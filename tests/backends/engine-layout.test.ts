/**
 * engines.md §3.3 (vLLM process layouts), §3.9 (health counts), §5.4/§5.5 (the frontend
 * matrix at load, with positions), §6 (Dynamo install sources) and E1/E2.
 */
import { spawnSync } from 'node:child_process';
import { backendSchemas, colocates, dynamoInstallCommand, dynamoInstallStep, planDeployment } from '@srt/backends';
import { ConfigError, createRuntimeContext, parseConfig, type SrtConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';

const load = (yaml: string): SrtConfig => parseConfig(yaml, { source: 'r.yaml', backends: backendSchemas }).config;

function plan(config: SrtConfig, n = 3) {
  const nodes = ['n1', 'n2', 'n3', 'n4'].slice(0, n);
  const runtime = createRuntimeContext(config, { jobId: '7', nodes, nodeAddrs: new Map(nodes.map((x, i) => [x, `10.0.0.${i + 1}`])) }, { cwd: '/cwd', vars: {}, selfCommand: ['srtctl'], srtctlRoot: '/SRC' });
  return planDeployment(config, runtime);
}

const HEAD = `name: t
model: { path: /m/Qwen3-32B, container: /c/v.sqsh, precision: fp8 }
`;

describe('vLLM process layouts (engines.md §3.3, 8 GPUs per node)', () => {
  const recipe = (mode: string) => `${HEAD}resources: { gpu_type: h200, gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 2, prefill_workers: 2, decode_workers: 1 }
frontend: { enable_multiple_frontends: false }
backend:
  type: vllm
  dp_launch_mode: ${mode}
  vllm_config:
    prefill: { data-parallel-size: ${mode === 'per_gpu' ? 4 : 2}, tensor-parallel-size: ${mode === 'per_gpu' ? 1 : 2} }
    decode: { data-parallel-size: ${mode === 'per_gpu' ? 16 : 1}, tensor-parallel-size: ${mode === 'per_gpu' ? 1 : 16} }
`;

  it('per_node: 2×P DP2·TP2 on n1, D DP1·TP16 on n2,n3 (the spec table row)', () => {
    const p = plan(load(recipe('per_node')));
    expect(p.workers.map((w) => [w.endpointMode, w.node, w.gpuIndices.join(''), w.sysPort, w.httpPort, w.kvEventsPort, w.nixlPort, w.dpRpcPort, w.nodeRank])).toStrictEqual([
      ['prefill', 'n1', '0123', 7500, 6100, 5200, 5400, 8400, 0],
      ['prefill', 'n1', '4567', 7501, 6132, 5202, 5402, 8401, 0],
      ['decode', 'n2', '01234567', 7502, 6100, 5204, 5404, undefined, 0],
      ['decode', 'n3', '01234567', 7503, 0, 5205, 5405, undefined, 1],
    ]);
    expect(p.health).toMatchObject({ expectedPrefill: 2, expectedDecode: 1 });
  });

  it('per_gpu: one named, logged process per rank (E1), health counts every rank', () => {
    const p = plan(load(recipe('per_gpu')));
    const prefill0 = p.processes.filter((x) => x.mode === 'prefill' && x.index === 0);
    expect(prefill0.map((x) => x.name)).toStrictEqual(['prefill_0_n1_r0', 'prefill_0_n1_r1', 'prefill_0_n1_r2', 'prefill_0_n1_r3']);
    expect(prefill0.map((x) => x.logFile.split('/').at(-1))).toStrictEqual(['n1_prefill_w0_r0.out', 'n1_prefill_w0_r1.out', 'n1_prefill_w0_r2.out', 'n1_prefill_w0_r3.out']);
    expect(p.workers.filter((w) => w.endpointMode === 'decode')).toHaveLength(16);
    expect(p.workers.filter((w) => w.endpointMode === 'prefill').map((w) => w.nixlPort)).toStrictEqual([5400, 5400, 5400, 5400, 5404, 5404, 5404, 5404]);
    expect(p.health).toMatchObject({ expectedPrefill: 8, expectedDecode: 16 });
    expect(p.processes.find((x) => x.name === 'prefill_0_n1_r2')?.argv.join(' ')).toContain('--device-ids 2 --data-parallel-rank 2 --data-parallel-address 10.0.0.1 --data-parallel-rpc-port 8400');
  });

  it('per_gpu with TP > 1 is refused (E1)', () => {
    const bad = recipe('per_gpu').replace('tensor-parallel-size: 1 }', 'tensor-parallel-size: 2 }');
    expect(() => plan(load(bad))).toThrow(/per_gpu runs one GPU per rank/);
  });

  it("a recipe's data-parallel-rpc-port wins over the allocated one (E2)", () => {
    const one = recipe('per_node').replace('prefill_workers: 2', 'prefill_workers: 1').replace('prefill: { data-parallel-size: 2, tensor-parallel-size: 2 }', 'prefill: { data-parallel-rpc-port: 13345, data-parallel-size: 4, tensor-parallel-size: 2 }');
    const p = plan(load(one));
    expect(p.workers.filter((w) => w.endpointMode === 'prefill').map((w) => w.dpRpcPort)).toStrictEqual([13345]);
    expect(p.processes.find((x) => x.mode === 'prefill')?.argv.join(' ')).toContain('--data-parallel-rpc-port 13345');
    // Two endpoints on one node with the same recipe port: the conflict check sees it.
    const two = recipe('per_node').replace('prefill: { data-parallel-size: 2,', 'prefill: { data-parallel-rpc-port: 13345, data-parallel-size: 2,');
    expect(() => plan(load(two))).toThrow(expect.objectContaining({ details: [expect.stringMatching(/^port 13345 on n1 is bound by both prefill_0_n1 \(DP RPC\) and prefill_1_n1 \(DP RPC\)$/)] }));
  });

  it('DP sizes that do not fill the endpoint are an error naming them', () => {
    expect(() => plan(load(recipe('per_node').replace('data-parallel-size: 2, tensor-parallel-size: 2', 'data-parallel-size: 3, tensor-parallel-size: 2')))).toThrow(/data-parallel-size 3 × tensor-parallel-size 2 × pipeline-parallel-size 1 = 6 GPUs, but the endpoint has 4/);
  });

  it('renders map values as JSON for vLLM (E6)', () => {
    const p = plan(load(`${HEAD}resources: { gpu_type: h200, gpus_per_node: 8, agg_nodes: 1, agg_workers: 1 }
frontend: { enable_multiple_frontends: false }
backend: { type: vllm, connector: none, vllm_config: { aggregated: { compilation-config: { level: 3, cudagraph_capture_sizes: [1, 2] } } } }
`), 1);
    const argv = p.processes.find((x) => x.role === 'worker')!.argv;
    expect(argv.slice(argv.indexOf('--compilation-config'))).toStrictEqual(['--compilation-config', '{"level":3,"cudagraph_capture_sizes":[1,2]}']);
    expect(argv).not.toContain('--kv-transfer-config');
  });
});

describe('frontend.type at load (engines.md §5.4, E3): every incompatible pair is a positioned error', () => {
  const pairs = [
    ['sglang', 'vllm'], ['sglang', 'trtllm_serve'],
    ['vllm', 'sglang'], ['vllm', 'trtllm_serve'],
    ['trtllm', 'sglang'], ['trtllm', 'vllm'],
  ] as const;
  it.each(pairs)('backend %s + frontend %s', (backend, type) => {
    const yaml = `${HEAD}resources: { gpu_type: h200, gpus_per_node: 8, agg_nodes: 1, agg_workers: 1 }
backend: { type: ${backend} }
frontend:
  enable_multiple_frontends: false
  type: ${type}
`;
    let error: unknown;
    try {
      load(yaml);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).details.join('\n')).toMatch(new RegExp(`r\\.yaml:7:9 frontend\\.type: frontend\\.type: ${type} cannot front backend\\.type: ${backend}`));
  });

  it('use_sglang_router: true is type sglang, so it is refused with vLLM at its own line', () => {
    expect(() => load(`${HEAD}resources: { gpu_type: h200, gpus_per_node: 8, agg_nodes: 1, agg_workers: 1 }
backend: { type: vllm }
frontend: { use_sglang_router: true }
`)).toThrow(expect.objectContaining({ details: [expect.stringMatching(/r\.yaml:5:\d+ frontend\.use_sglang_router: frontend\.type: sglang cannot front backend\.type: vllm/)] }));
  });

  it.each([
    ['vllm with multiple frontends', 'backend: { type: vllm }\nfrontend: { type: vllm }', /set frontend\.enable_multiple_frontends: false/],
    ['vllm disaggregated', 'backend: { type: vllm }\nfrontend: { type: vllm, enable_multiple_frontends: false }', /supports aggregate jobs only/],
    ['trtllm_serve owning the port', 'backend: { type: trtllm }\nfrontend: { type: trtllm_serve, enable_multiple_frontends: false, server_config_extra: { port: 9 } }', /port of ser\.yaml is set by srtctl/],
    ['use_sglang_router contradicting type', 'backend: { type: trtllm }\nfrontend: { type: dynamo, use_sglang_router: true }', /contradicts frontend\.type: dynamo/],
    ['two Dynamo sources', 'backend: { type: trtllm }\ndynamo: { version: 0.8.0, wheel: 1.2.0 }', /dynamo\.version cannot be combined with dynamo\.wheel/],
    ['a wheel file name', 'backend: { type: trtllm }\ndynamo: { wheel: ai_dynamo-1.2.0-py3-none-any.whl }', /must be a package version/],
  ])('%s', (_n, tail, message) => {
    const disagg = _n === 'vllm disaggregated' || _n === 'trtllm_serve owning the port';
    const resources = disagg ? '{ gpu_type: h200, gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 }' : '{ gpu_type: h200, gpus_per_node: 8, agg_nodes: 1, agg_workers: 1 }';
    expect(() => load(`${HEAD}resources: ${resources}\n${tail}\n`)).toThrow(expect.objectContaining({ details: expect.arrayContaining([expect.stringMatching(message)]) }));
  });
});

describe('Dynamo install sources (engines.md §6.4)', () => {
  it.each([
    ['the default pins 0.7.0', undefined, "pip install --break-system-packages --quiet --extra-index-url https://pypi.nvidia.com ai-dynamo-runtime==0.7.0 ai-dynamo==0.7.0"],
    ['a version', { install: true, version: '0.8.0', top_of_tree: false, request_plane: 'tcp' as const }, 'ai-dynamo-runtime==0.8.0 ai-dynamo==0.8.0'],
    ['staged wheels', { install: true, wheel: '1.2.0.dev1', top_of_tree: false, request_plane: 'tcp' as const }, "if [ -f /srtctl-runtime/dynamo_wheels.py ]; then python3 /srtctl-runtime/dynamo_wheels.py install"],
    ['a commit', { install: true, hash: 'abc1234', top_of_tree: false, request_plane: 'tcp' as const }, '/configs/dynamo-wheels/abc1234/.complete'],
    ['the top of tree', { install: true, top_of_tree: true, request_plane: 'tcp' as const }, 'git clone --quiet --depth 1 https://github.com/ai-dynamo/dynamo.git "$DYN_BUILD_ROOT/dynamo"'],
  ])('%s', (_n, dynamo, fragment) => {
    expect(dynamoInstallCommand(dynamo)).toContain(fragment);
    // Every source's step is valid bash (parsed, not run).
    expect(spawnSync('bash', ['-n', '-c', dynamoInstallStep(dynamo)]).status).toBe(0);
  });

  it('top_of_tree builds the default branch in /sgl-workspace when the image has it, else /tmp/dynamo_build, uncached, and prints the commit', () => {
    const x = dynamoInstallCommand({ install: true, top_of_tree: true, request_plane: 'tcp' });
    expect(x).toContain('DYN_BUILD_ROOT=/tmp/dynamo_build && if [ -d /sgl-workspace ]; then DYN_BUILD_ROOT=/sgl-workspace; fi');
    expect(x).toContain('(cd "$DYN_BUILD_ROOT/dynamo/lib/bindings/python" && RUSTFLAGS="$RUSTFLAGS -C target-cpu=native --cfg tokio_unstable" maturin build --release --out "$DYN_BUILD_ROOT/dynamo/dist")');
    expect(x).toContain('pip install --break-system-packages --quiet -e "$DYN_BUILD_ROOT/dynamo"');
    expect(x).toMatch(/echo "Dynamo top of tree installed: commit \$\(git -C "\$DYN_BUILD_ROOT\/dynamo" rev-parse HEAD\)"$/);
    expect(x).not.toContain('/configs/dynamo-wheels');
    const p = plan(load(`${HEAD}resources: { gpu_type: h200, gpus_per_node: 8, agg_nodes: 1, agg_workers: 1 }
backend: { type: trtllm }
frontend: { enable_multiple_frontends: false }
dynamo: { top_of_tree: true }
`), 1);
    expect(p.processes.find((y) => y.role === 'worker')?.preamble).toContain(x);
  });

  it('install: false starts no install and no root remap', () => {
    const p = plan(load(`${HEAD}resources: { gpu_type: h200, gpus_per_node: 8, agg_nodes: 1, agg_workers: 1 }
backend: { type: trtllm }
frontend: { enable_multiple_frontends: false }
dynamo: { install: false }
`), 1);
    for (const x of p.processes.filter((y) => y.role !== 'head')) {
      expect(x.preamble ?? '').not.toContain('pip install');
      expect(x.srun?.export).toBeUndefined();
    }
  });
});

describe('prefill/decode node separation and vLLM colocation (engines.md §1 "Allocation", §3.8)', () => {
  // Three 2-GPU prefill workers leave 2 GPUs of n1 free; four 2-GPU decode workers follow.
  const recipe = (backend: string) => `${HEAD}resources: { gpu_type: h200, gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 3, decode_workers: 4 }
frontend: { enable_multiple_frontends: false }
backend: ${backend}
`;
  const placed = (backend: string) => plan(load(recipe(backend)), 2).endpoints.map((e) => `${e.mode}_${e.index}@${e.nodes.join('+')}:${e.gpuIndices.join(',')}`);
  const SEPARATE = ['prefill_0@n1:0,1', 'prefill_1@n1:2,3', 'prefill_2@n1:4,5', 'decode_0@n2:0,1', 'decode_1@n2:2,3', 'decode_2@n2:4,5', 'decode_3@n2:6,7'];
  const PACKED = ['prefill_0@n1:0,1', 'prefill_1@n1:2,3', 'prefill_2@n1:4,5', 'decode_0@n1:6,7', 'decode_1@n2:0,1', 'decode_2@n2:2,3', 'decode_3@n2:4,5'];

  it('vLLM and TRT-LLM start decode on a fresh node, as v1.0.68 does', () => {
    expect(placed('{ type: vllm }')).toStrictEqual(SEPARATE);
    expect(placed('{ type: trtllm }')).toStrictEqual(SEPARATE);
    expect(placed('{ type: mock, engine: vllm }')).toStrictEqual(SEPARATE);
  });

  it('vLLM colocation packs decode onto the partly used prefill node when all GPUs fit one node, or across nodes', () => {
    // 14 worker GPUs > 8: the plain switch is not enough.
    expect(placed('{ type: vllm, allow_prefill_decode_colocation: true }')).toStrictEqual(SEPARATE);
    expect(placed('{ type: vllm, allow_prefill_decode_colocation: true, allow_prefill_decode_colocation_across_nodes: true }')).toStrictEqual(PACKED);
    const small = load(`${HEAD}resources: { gpu_type: h200, gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 2, decode_workers: 4 }
frontend: { enable_multiple_frontends: false }
backend: { type: vllm, allow_prefill_decode_colocation: true }
`);
    // 2 × 4 prefill GPUs fill n1; nothing is partly used, so nothing moves either way.
    expect(plan(small, 2).endpoints.map((e) => e.nodes[0])).toStrictEqual(['n1', 'n1', 'n2', 'n2', 'n2', 'n2']);
  });

  it('colocates: the switch, both modes, and all GPUs on one node unless across_nodes', () => {
    const shape = { numPrefill: 1, numDecode: 1, numAgg: 0, gpusPerPrefill: 4, gpusPerDecode: 4, gpusPerAgg: 0, gpusPerNode: 8 };
    const on = { allow_prefill_decode_colocation: true, allow_prefill_decode_colocation_across_nodes: false };
    expect([colocates(on, shape), colocates({ ...on, allow_prefill_decode_colocation: false }, shape), colocates(on, { ...shape, numDecode: 0 })]).toStrictEqual([true, false, false]);
    expect([colocates(on, { ...shape, gpusPerDecode: 8 }), colocates({ ...on, allow_prefill_decode_colocation_across_nodes: true }, { ...shape, gpusPerDecode: 8 })]).toStrictEqual([false, true]);
  });

  it('SGLang keeps packing across modes (d152e7b8)', () => {
    expect(placed('{ type: sglang }')).toStrictEqual(PACKED);
  });
});
