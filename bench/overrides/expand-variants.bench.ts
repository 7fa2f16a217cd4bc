/**
 * Expanding and validating 10,000 jobs of one override file: a zip group of 100 variants,
 * each with a 100-point sweep (override × sweep), plus one `--set` edit, through the same
 * `loadRecipe` that validate, dry-run and apply use (merge, zip, edits, cluster defaults,
 * sweep expansion, schema and rules for every job). Budget (issue 13): under 2 s.
 * Prints wall and CPU time of 3 runs and the load average (the machine may be shared).
 * Run: node --conditions=@srt/source --import tsx bench/overrides/expand-variants.bench.ts
 */
import { loadavg } from 'node:os';
import { nodeEnv, parseDocumentEdits } from '../../packages/core/src/index.ts';
import { loadRecipe } from '../../packages/cli/src/recipe/load-recipe.ts';

const VARIANTS = 100;
const POINTS = 100;
const text = `base:
  name: bench
  model: {path: /models/m, container: img, precision: fp8}
  resources: {gpu_type: h100, gpus_per_node: 8, prefill_nodes: 1, prefill_workers: 1, decode_nodes: 1, decode_workers: 1}
  environment: {A: "1"}
  benchmark: {type: sa-bench, isl: 1024, osl: "{osl}", concurrencies: [4, 8]}
  sweep:
    osl: [${Array.from({ length: POINTS }, (_, i) => 64 + i).join(', ')}]
zip_override_dn:
  resources: {decode_workers: [${Array.from({ length: VARIANTS }, () => 1).join(', ')}]}
  environment: {B: [${Array.from({ length: VARIANTS }, (_, i) => `"${i}"`).join(', ')}]}
`;
const edits = parseDocumentEdits([{ flag: 'set', value: 'health_check.max_attempts=720' }]);
const env = nodeEnv({ cwd: process.cwd(), vars: {} });

console.log(`| run | jobs | wall | CPU | load average (1 min) |`);
console.log(`| --- | --- | --- | --- | --- |`);
for (let run = 1; run <= 3; run++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const recipe = await loadRecipe('-', env, { text, edits, cluster: null });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (recipe.jobs.length !== VARIANTS * POINTS) throw new Error(`expected ${VARIANTS * POINTS} jobs, got ${recipe.jobs.length}`);
  console.log(`| ${run} | ${recipe.jobs.length} | ${(wall / 1000).toFixed(2)} s | ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s | ${loadavg()[0]!.toFixed(2)} |`);
}
