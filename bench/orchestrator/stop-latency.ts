/**
 * How fast the orchestrator stops: (a) from a critical process's exit to `runPlan` returning
 * (failure noticed + every other process stopped), and (b) cleanup of processes that ignore
 * SIGTERM (one grace period for all, quirk O5, instead of one per process).
 *
 *   node --conditions=@srt/source --import tsx bench/orchestrator/stop-latency.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalExecutor, runPlan, type Log } from '../../packages/cli/src/index.ts';
import { nodeEnv, type PlannedProcess, type SrtConfig } from '../../packages/core/src/index.ts';

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };
const env = nodeEnv();

function plan(dir: string, processes: PlannedProcess[], benchmark?: PlannedProcess) {
  const nodes = ['local-0'];
  return {
    config: { name: 'bench', profiling: { type: 'none' }, benchmark: { type: benchmark ? 'custom' : 'manual' } } as unknown as SrtConfig,
    runtime: {
      jobId: 'bench', runName: 'bench', nodes: { head: 'local-0', bench: 'local-0', worker: nodes }, nodeAddrs: new Map([['local-0', '127.0.0.11']]),
      headNodeIp: '127.0.0.11', cwd: dir, outputDir: dir, logDir: join(dir, 'logs'), modelPath: '', containerImage: '', gpusPerNode: 4, containerMounts: [],
      containerRuntime: 'none' as const, environment: {}, srunOptions: {}, frontendPort: 8000, selfCommand: [], srtctlRoot: dir, workerPaths: { modelPath: '', logDir: join(dir, 'logs') }, warnings: [],
    },
    deployment: { processes, files: [], health: { url: 'http://127.0.0.1:9/health', format: 'dynamo' as const, expectedPrefill: 0, expectedDecode: 1, intervalMs: 100, timeoutMs: 600_000, headServicesTimeoutMs: 600_000, frontendTimeoutMs: 600_000, benchmarkTimeoutMs: undefined } },
    benchmark,
  };
}

function proc(dir: string, name: string, script: string, over: Partial<PlannedProcess> = {}): PlannedProcess {
  return { name, role: 'worker', node: 'local-0', argv: ['bash', '-c', script], env: [], logFile: join(dir, 'logs', `${name}.out`), critical: true, container: false, readiness: { kind: 'none' }, ...over };
}

async function failureStop(n: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'srt-bench-'));
  const sleepers = Array.from({ length: n - 1 }, (_, i) => proc(dir, `w${i}`, 'sleep 60'));
  const crash = proc(dir, 'crash', 'sleep 1; date +%s%N > "$0.t"; exit 3'.replace('$0', join(dir, 'crash')));
  const result = await runPlan(plan(dir, [...sleepers, crash]), { executor: createLocalExecutor({ vars: process.env, cwd: dir }), env, log: quiet });
  const end = process.hrtime.bigint();
  const { readFileSync } = await import('node:fs');
  const crashedAtNs = BigInt(readFileSync(join(dir, 'crash.t'), 'utf8').trim());
  // date +%s%N is wall clock; convert our monotonic end to wall clock at the same moment.
  const wallNowNs = BigInt(Date.now()) * 1_000_000n;
  if (result.exitCode !== 1) throw new Error('expected a failed run');
  return Number(wallNowNs - crashedAtNs - (process.hrtime.bigint() - end)) / 1e6;
}

async function stubbornCleanup(n: number, graceMs: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'srt-bench-'));
  const stubborn = Array.from({ length: n }, (_, i) => proc(dir, `s${i}`, 'trap "" TERM; while :; do sleep 0.1; done'));
  const bench = proc(dir, 'benchmark', 'exit 0', { role: 'benchmark' });
  const p = plan(dir, stubborn, bench);
  // Health: a tiny server would do; here the benchmark runs only once healthy, so point health at a ready answer.
  const { createServer } = await import('node:http');
  const server = createServer((_q, r) => r.end(JSON.stringify({ instances: [{ endpoint: 'generate', component: 'backend' }] })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const start = performance.now();
  const result = await runPlan({ ...p, deployment: { ...p.deployment, health: { ...p.deployment.health, url: `http://127.0.0.1:${port}/health` } } }, {
    executor: createLocalExecutor({ vars: process.env, cwd: dir }),
    env,
    log: quiet,
    graceMs,
  });
  server.close();
  if (result.exitCode !== 0) throw new Error(`expected success, got ${result.exitCode}`);
  return performance.now() - start;
}

const rows: string[] = [];
for (const n of [10, 30]) {
  const ms = [];
  for (let i = 0; i < 3; i++) ms.push(await failureStop(n));
  rows.push(`| critical exit → runPlan returned, ${n} processes | ${ms.map((m) => m.toFixed(0)).join(' / ')} ms |`);
}
for (const n of [5, 10]) {
  const ms = await stubbornCleanup(n, 1000);
  rows.push(`| whole run with ${n} processes ignoring SIGTERM, grace 1 s | ${ms.toFixed(0)} ms (sequential cleanup: ≥ ${n} s) |`);
}
console.log('| what | time |\n| --- | --- |');
console.log(rows.join('\n'));
