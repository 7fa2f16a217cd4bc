import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchmarkProgressFile } from '@srt/benchmarks';
import { nodeEnv, type PlannedProcess, type SrtConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';
import type { Executor } from './executor.ts';
import { createProcessRegistry } from './process-registry.ts';
import { runBenchmarkStage } from './run-benchmark-stage.ts';
import type { RunContext } from './run-context.ts';
import { captureLog, fakeHandle, plannedProcess, TEST_CONFIG, testPlan } from './testing/fixtures.ts';

function context(config: SrtConfig, exitCode: number): RunContext & { readonly lines: string[] } {
  const log = captureLog();
  const executor: Executor = {
    kind: 'slurm',
    start: () => {
      const h = fakeHandle();
      h.exit({ code: exitCode, signal: null });
      return h;
    },
    command: (p) => ['srun', ...p.argv],
  };
  const benchmark = plannedProcess({ name: 'benchmark', role: 'benchmark', argv: ['bash', '/srtctl-benchmarks/sa-bench/bench.sh', 'http://n1:8000', '128'], logFile: '/l/benchmark.out', critical: false });
  return {
    plan: { ...testPlan({ dir: '/tmp/x', healthUrl: 'http://127.0.0.1:1/health', processes: [], benchmark }), config },
    executor,
    env: nodeEnv(),
    log,
    lines: log.lines,
    registry: createProcessRegistry({ log }),
    stop: new AbortController().signal,
    stopReason: () => undefined,
    readinessTimeoutMs: 1000,
    progressEveryMs: 1000,
  };
}

const saBench = { ...TEST_CONFIG, benchmark: { type: 'sa-bench', isl: 128, osl: 64, concurrencies: [4], req_rate: 'inf' } } as unknown as SrtConfig;
const profiled = { ...saBench, profiling: { type: 'torch', isl: 1024, osl: 2, concurrency: 8 } } as unknown as SrtConfig;

describe('runBenchmarkStage', () => {
  it.each([
    [
      'a successful sa-bench run',
      saBench,
      0,
      [
        'INFO Running SA-Bench benchmark',
        'INFO Script: /srtctl-benchmarks/sa-bench/bench.sh',
        'INFO Command: bash /srtctl-benchmarks/sa-bench/bench.sh http://n1:8000 128',
        'INFO Log: /l/benchmark.out',
        'INFO Benchmark completed successfully',
      ],
    ],
    [
      'a failing run with profiling forcing the profiling benchmark',
      profiled,
      3,
      [
        "INFO Profiling enabled (type=torch) - automatically using 'profiling' benchmark",
        'INFO Profiling config: isl=1024, osl=2, concurrency=8',
        'INFO Running Profiling benchmark',
        'INFO Script: /srtctl-benchmarks/sa-bench/bench.sh',
        'INFO Command: bash /srtctl-benchmarks/sa-bench/bench.sh http://n1:8000 128',
        'INFO Log: /l/benchmark.out',
        'ERROR Benchmark failed with exit code 3',
      ],
    ],
  ])('logs %s the way the reference does', async (_what, config, exitCode, lines) => {
    const ctx = context(config, exitCode);
    expect(await runBenchmarkStage(ctx)).toStrictEqual({ kind: 'finished', exitCode });
    expect(ctx.lines.filter((l) => !l.startsWith('DEBUG'))).toStrictEqual(lines);
  });
});

describe('runBenchmarkStage progress', () => {
  it('logs the load generator progress file every few seconds while the benchmark runs, once per change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-progress-'));
    const base = context(saBench, 0);
    const logDir = base.plan.runtime.logDir.replace('/tmp/x', dir);
    await mkdir(logDir, { recursive: true });
    const file = benchmarkProgressFile(logDir);
    await writeFile(file, '{"stale": true}');
    const handle = fakeHandle();
    const sample = { phase: 'measure', concurrency: 8, point: 2, points: 3, completed: 10, failed: 0, total: 40, elapsedS: 5, requestsPerS: 2, outputTokensPerS: 128, done: false };
    const ctx: RunContext = {
      ...base,
      plan: { ...base.plan, runtime: { ...base.plan.runtime, logDir }, benchmark: { ...(base.plan.benchmark as PlannedProcess), logFile: join(logDir, 'benchmark.out') } },
      executor: { kind: 'local', start: () => handle, command: (p) => [...p.argv] },
      benchmarkProgressEveryMs: 20,
    };
    const progressLines = (): string[] => base.lines.filter((l) => l.startsWith('INFO Benchmark progress'));
    const until = async (n: number): Promise<void> => {
      while (progressLines().length < n) await new Promise((r) => setTimeout(r, 10));
    };
    const stage = runBenchmarkStage(ctx);
    while (!base.lines.some((l) => l.startsWith('INFO Log:'))) await new Promise((r) => setTimeout(r, 10));
    await writeFile(file, JSON.stringify(sample));
    await until(1);
    await new Promise((r) => setTimeout(r, 60)); // several polls of an unchanged file log nothing
    await writeFile(file, JSON.stringify({ ...sample, completed: 30 }));
    await until(2);
    handle.exit({ code: 0, signal: null });
    expect(await stage).toStrictEqual({ kind: 'finished', exitCode: 0 });
    expect(progressLines()).toStrictEqual([
      'INFO Benchmark progress: [measure c=8, point 2/3] 10/40 done, 2.0 req/s, 128 tok/s, 5 s, ETA 15 s',
      'INFO Benchmark progress: [measure c=8, point 2/3] 30/40 done, 2.0 req/s, 128 tok/s, 5 s, ETA 5 s',
    ]);
  });
});

describe('runBenchmarkStage after a failed benchmark', () => {
  it('names the worker that no longer answers its /health (a real worker process frozen with SIGSTOP)', async () => {
    const script = "const s=require('node:http').createServer((q,r)=>r.end('ok'));s.listen(0,'127.0.0.1',()=>process.stdout.write(s.address().port+'\\n'))";
    const frozen = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [data] = (await once(frozen.stdout, 'data')) as [Buffer];
      const port = Number(data.toString().trim());
      frozen.kill('SIGSTOP');
      const worker = (mode: string, httpPort: number) => ({ node: 'local-0', gpuIndices: [0], sysPort: 0, httpPort, endpointMode: mode, endpointIndex: 0, nodeRank: 0, isLeader: true, cudaVisibleDevices: '0' });
      const base = context(saBench, 1);
      const ok = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const [okData] = (await once(ok.stdout, 'data')) as [Buffer];
      const ctx: RunContext = {
        ...base,
        plan: {
          ...base.plan,
          runtime: { ...base.plan.runtime, nodeAddrs: new Map([['local-0', '127.0.0.1']]) },
          deployment: { ...base.plan.deployment, workers: [worker('prefill', Number(okData.toString().trim())), worker('decode', port)] } as never,
        },
      };
      try {
        expect(await runBenchmarkStage(ctx)).toStrictEqual({ kind: 'finished', exitCode: 1 });
      } finally {
        ok.kill('SIGKILL');
      }
      const errors = base.lines.filter((l) => l.startsWith('ERROR'));
      expect(errors[0]).toBe('ERROR Benchmark failed with exit code 1');
      expect(errors.slice(1)).toHaveLength(1);
      expect(errors[1]).toMatch(new RegExp(`^ERROR After the benchmark failed: Worker decode_0 on local-0 is not healthy: http://127\\.0\\.0\\.1:${port}/health → no answer: `));
    } finally {
      frozen.kill('SIGCONT');
      frozen.kill('SIGKILL');
    }
  }, 10_000);
});
