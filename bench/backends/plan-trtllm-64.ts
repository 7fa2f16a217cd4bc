/**
 * Planning a 64-node TRT-LLM deployment (issue 12: < 10 ms): parse is done once; each run is
 * createRuntimeContext-free planDeployment + every srun argv, for 8 prefill endpoints of 4 nodes
 * (32 nodes) and 16 decode endpoints of 2 nodes (32 nodes), 4 GPUs per node, behind Dynamo, and
 * the same behind trtllm-serve disaggregated (engine YAMLs, ser.yaml, gates).
 * Run: node --conditions=@srt/source --import tsx bench/backends/plan-trtllm-64.ts
 */
import { backendSchemas, buildProcessSrunCommand, planDeployment } from '../../packages/backends/src/index.ts';
import { createRuntimeContext, deriveResources, parseConfig, type SrtConfig } from '../../packages/core/src/index.ts';

function recipe(frontend: string): SrtConfig {
  return parseConfig(
    `name: trt-64
model: { path: /models/DeepSeek-R1, container: /c/trtllm.sqsh, precision: fp4 }
resources: { gpu_type: gb200, gpus_per_node: 4, prefill_nodes: 32, decode_nodes: 32, prefill_workers: 8, decode_workers: 16 }
frontend: ${frontend}
backend:
  type: trtllm
  sequential_node_start: 0
  prefill_environment: { TRTLLM_ENABLE_PDL: "1" }
  trtllm_config:
    prefill: { tensor_parallel_size: 16, moe_expert_parallel_size: 16, max_batch_size: 8, cache_transceiver_config: { backend: DEFAULT } }
    decode: { tensor_parallel_size: 8, moe_expert_parallel_size: 8, max_batch_size: 256, cuda_graph_config: { enable_padding: true, batch_sizes: [1, 2, 4, 8, 16, 32, 64, 128, 256] } }
benchmark: { type: manual }
`,
    { source: 'trt-64.yaml', backends: backendSchemas },
  ).config;
}

function bench(label: string, config: SrtConfig): void {
  const n = deriveResources(config.resources).totalNodes;
  const nodes = Array.from({ length: n }, (_, i) => `n${String(i + 1).padStart(3, '0')}`);
  const runtime = createRuntimeContext(config, { jobId: '4242', nodes, nodeAddrs: new Map(nodes.map((x, i) => [x, `10.0.${i >> 8}.${i & 255}`])) }, { cwd: '/work', vars: {}, selfCommand: ['node', '/srt/srtctl.mjs'], srtctlRoot: '/srt' });
  let processes = 0;
  const once = (): void => {
    const plan = planDeployment(config, runtime);
    processes = plan.processes.length;
    for (const p of plan.processes) buildProcessSrunCommand(p, runtime);
  };
  for (let i = 0; i < 100; i++) once();
  const runs = 500;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) once();
  const ms = (performance.now() - t0) / runs;
  console.log(`| ${label} | ${n} | ${processes} | ${ms.toFixed(2)} ms |`);
}

console.log('| TRT-LLM deployment | nodes | processes | plan + sruns |');
console.log('| --- | --- | --- | --- |');
bench('8P×4 nodes + 16D×2 nodes, Dynamo (nginx + 9 frontends)', recipe('{ type: dynamo }'));
bench('same, trtllm-serve disaggregated', recipe('{ type: trtllm_serve, enable_multiple_frontends: false }'));
