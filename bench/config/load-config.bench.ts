/**
 * How long loading one recipe takes, warm: YAML parse with positions + cluster defaults +
 * schema (core and backend) + unknown-key walk + rules, with and without the file read.
 * 50 warm-up calls, then N timed calls: median and p95 wall time, and mean CPU time (less
 * sensitive to other processes on a shared machine).
 * Run: node --conditions=@srt/source --import tsx bench/config/load-config.bench.ts
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendSchemas } from '../../packages/backends/src/index.ts';
import { expandSweep, loadConfig, nodeEnv, parseClusterConfig, parseConfig } from '../../packages/core/src/index.ts';
import { parseYamlSource } from '../../packages/core/src/config/parse-yaml-source.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const examples = join(root, 'tests/fixtures/recipes/examples');
const clusterPath = join(root, 'tests/fixtures/srtslurm.yaml');
const BIGGEST = 'recipies/gb200-fp4/mtp/max-tpt-2-mtp.yaml';
const cluster = parseClusterConfig(readFileSync(clusterPath, 'utf8'), { source: clusterPath }).config;
const text = readFileSync(join(examples, BIGGEST), 'utf8');
const sweepDoc = parseYamlSource(readFileSync(join(examples, 'example-sweep.yaml'), 'utf8')).value;
const env = nodeEnv({ cwd: examples, vars: { SRTSLURM_CONFIG: clusterPath } });

async function median(label: string, runs: number, fn: () => unknown): Promise<void> {
  for (let i = 0; i < 50; i++) await fn();
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const at = (q: number): string => (times[Math.floor(q * (times.length - 1))] ?? 0).toFixed(2);
  const cpuMs = ((cpu.user + cpu.system) / 1000 / runs).toFixed(2);
  console.log(`| ${label} | ${runs} | ${at(0.5)} ms | ${at(0.95)} ms | ${cpuMs} ms |`);
}

console.log(`recipe: ${BIGGEST} (${text.split('\n').length} lines, ${statSync(join(examples, BIGGEST)).size} bytes)\n`);
console.log('| operation | runs | median (wall) | p95 (wall) | mean CPU time |');
console.log('| --- | --- | --- | --- | --- |');
await median('parseConfig (core schema only)', 1000, () => parseConfig(text, { source: BIGGEST, cluster }));
await median('parseConfig + backend schemas', 1000, () => parseConfig(text, { source: BIGGEST, cluster, backends: backendSchemas }));
await median('loadConfig (file + srtslurm.yaml read, parse, validate)', 500, () => loadConfig(BIGGEST, { env, backends: backendSchemas }));
await median('expandSweep example-sweep.yaml (4 jobs validated)', 500, () => expandSweep(sweepDoc, { cluster, backends: backendSchemas }));
