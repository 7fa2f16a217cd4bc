/**
 * How long planning one deployment takes: parse + runtime + planDeployment + every srun argv,
 * for the biggest shipped recipe and a synthetic 64-node job.
 * Run: node --conditions=@srt/source --import tsx bench/backends/plan-deployment.ts
 */
import { readFileSync } from 'node:fs';
import { backendSchemas, buildProcessSrunCommand, planDeployment } from '../../packages/backends/src/index.ts';
import { createRuntimeContext, deriveResources, parseConfig, type SrtConfig } from '../../packages/core/src/index.ts';

const RECIPE = '/work/shared/spec/examples/recipies/gb200-fp8/1k1k/max-tpt-2p1d.yaml';

function runtimeFor(config: SrtConfig) {
  const n = deriveResources(config.resources).totalNodes;
  const nodes = Array.from({ length: n }, (_, i) => `n${String(i + 1).padStart(3, '0')}`);
  return createRuntimeContext(
    config,
    { jobId: '4242', nodes, nodeAddrs: new Map(nodes.map((x, i) => [x, `10.0.${i >> 8}.${i & 255}`])) },
    { cwd: '/work', vars: {}, selfCommand: ['node', '/srt/srtctl.mjs'], srtctlRoot: '/srt' },
  );
}

function bench(label: string, config: SrtConfig): void {
  const runtime = runtimeFor(config);
  let processes = 0;
  const once = (): void => {
    const plan = planDeployment(config, runtime);
    processes = plan.processes.length;
    for (const p of plan.processes) buildProcessSrunCommand(p, runtime);
  };
  for (let i = 0; i < 200; i++) once();
  const runs = 2000;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) once();
  const ms = (performance.now() - t0) / runs;
  console.log(`| ${label} | ${runtime.nodes.worker.length} | ${processes} | ${(ms * 1000).toFixed(0)} µs |`);
}

const shipped = parseConfig(readFileSync(RECIPE, 'utf8'), { source: RECIPE, backends: backendSchemas }).config;
const big = parseConfig(
  `name: big
model: { path: /models/m, container: /c/i.sqsh, precision: fp8 }
resources: { gpu_type: gb200, gpus_per_node: 4, prefill_nodes: 32, decode_nodes: 32, prefill_workers: 64, decode_workers: 8 }
backend: { sglang_config: { prefill: { tp: 2, mem-fraction-static: 0.9 }, decode: { tp: 16 } } }
`,
  { source: 'big.yaml', backends: backendSchemas },
).config;

console.log('| job | nodes | processes | time per plan (incl. srun argv) |');
console.log('| --- | --- | --- | --- |');
bench('gb200-fp8 1k1k max-tpt-2p1d', shipped);
bench('synthetic 64P(2 GPU) + 8D(16 GPU)', big);
