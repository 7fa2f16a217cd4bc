/**
 * allocateEndpoints + endpointsToProcesses at scale (issue 2: 50,000 endpoints over a
 * 100,000-node list in ≤ 50 ms, cost linear in endpoints).
 *
 * Run: node --conditions=@srt/source --import tsx bench/topology/allocation.bench.ts
 *
 * Plan per scale s (8-GPU nodes): s/4 prefill × 8 GPUs (1 node), s/2 decode × 4 GPUs (half a
 * node), s/4 agg × 16 GPUs (2 nodes): s endpoints on s nodes, 1.25·s processes; the node
 * list has 2·s names. Per scale: the first (cold) call, then 5 warm-up runs and 15 timed
 * runs; the table shows the cold call, medians (wall, and CPU time of the whole process,
 * GC threads included) and the best wall time. Results of a run become garbage during the
 * next one, as in a long-lived process.
 */
import { allocateEndpoints, endpointsToProcesses } from '../../packages/core/src/index.ts';

const SCALES = [5_000, 50_000, 500_000];
const WARMUP = 5;
const RUNS = 15;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (n: number): string => n.toLocaleString('en-US');

function plan(endpoints: number) {
  return {
    numPrefill: endpoints / 4,
    gpusPerPrefill: 8,
    numDecode: endpoints / 2,
    gpusPerDecode: 4,
    numAgg: endpoints / 4,
    gpusPerAgg: 16,
    gpusPerNode: 8,
    availableNodes: Array.from({ length: 2 * endpoints }, (_, i) => `node-${String(i).padStart(7, '0')}`),
  };
}

function measure(fn: () => unknown): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

console.log(`node ${process.version}; ${RUNS} runs after ${WARMUP} warm-up runs; times in ms`);
console.log('| endpoints | node list | processes | cold call | allocate (median) | allocate + processes (median) | best | CPU (median) | ns / endpoint |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const scale of SCALES) {
  const opts = plan(scale);
  let processes = 0;
  const both = (): void => {
    processes = endpointsToProcesses(allocateEndpoints(opts)).length;
  };
  const cold = measure(both).wall;
  for (let i = 0; i < WARMUP; i++) both();
  const alloc: number[] = [];
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    alloc.push(measure(() => allocateEndpoints(opts)).wall);
    const m = measure(both);
    wall.push(m.wall);
    cpu.push(m.cpu);
  }
  const ms = median(wall);
  console.log(
    `| ${fmt(scale)} | ${fmt(opts.availableNodes.length)} | ${fmt(processes)} | ${cold.toFixed(1)} | ${median(alloc).toFixed(1)} | ${ms.toFixed(1)} | ${Math.min(...wall).toFixed(1)} | ${median(cpu).toFixed(1)} | ${((ms * 1e6) / scale).toFixed(0)} |`,
  );
}
