/**
 * `srtctl status` over 1,000 jobs in outputs/ (the issue's bar: under 300 ms). Writes 1,000 job
 * folders with realistic ledgers (a 1P+2D deployment, 40 health samples, 4 benchmark points;
 * 990 ended, 10 running so SLURM is asked once), then times the installed CLI (`dist/bin.cjs`)
 * end to end (process start to exit, as a user sees it) and `main` in-process (no Node start-up).
 * The first run reads every ledger and writes the summary cache (outputs/.srtctl-status-cache.json);
 * later runs read the 10 running ledgers and the cache. SLURM is a stub `scontrol`/`sacct` on
 * PATH that answers at once, so the figure is srtctl's own (a real controller adds its round
 * trip; an unreachable one the 10 s timeout of the query).
 *
 *   pnpm build && node --conditions=@srt/source --import tsx bench/status/status-1000.ts [JOBS] [RUNS]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { main } from '../../packages/cli/src/index.ts';
import { nodeEnv } from '../../packages/core/src/index.ts';

const JOBS = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.argv[3] ?? 15);
const BIN = new URL('../../packages/cli/dist/bin.cjs', import.meta.url).pathname; // what `srtctl` runs

function ledger(id: string, dir: string, ended: boolean): unknown {
  const at = (s: number): string => new Date(Date.UTC(2026, 11, 1, 10, 0, s)).toISOString();
  const proc = (name: string, mode: string, node: string, i: number) => ({
    name: `${name}_${node}`, role: 'worker', mode, index: i, node, log: `${dir}/logs/${node}_${mode}_w${i}.out`, critical: true,
    state: ended ? 'stopped' : 'ready', pid: 4000 + i, started_at: at(1), ready_at: at(30), ...(ended ? { ended_at: at(500), exit_code: null, signal: 'SIGTERM' } : {}),
  });
  return {
    version: 1, job_id: id, job_name: `bench-job-${id}`, executor: 'slurm', output_dir: dir, log_dir: `${dir}/logs`, orchestrator_log: `${dir}/logs/orchestrator_${id}.log`,
    phase: ended ? 'ended' : 'benchmark',
    phases: ['starting', 'workers', 'frontends', 'health', 'benchmark', ...(ended ? ['cleanup', 'ended'] : [])].map((phase, i) => ({ phase, at: at(i * 10) })),
    started_at: at(0), updated_at: at(500), ...(ended ? { ended_at: at(500) } : {}),
    processes: [proc('prefill_0', 'prefill', 'gpu-01', 0), proc('decode_0', 'decode', 'gpu-02', 0), proc('decode_1', 'decode', 'gpu-03', 1),
      { name: 'frontend_0', role: 'frontend', index: 0, node: 'gpu-01', log: `${dir}/logs/gpu-01_frontend_0.out`, critical: true, state: 'ready', pid: 4100, started_at: at(2) }],
    health: Array.from({ length: 40 }, (_, i) => ({ at: at(i), prefill_ready: Math.min(1, i >> 4), prefill_expected: 1, decode_ready: Math.min(2, i >> 4), decode_expected: 2, probe: 'HTTP 200' })),
    endpoint: 'http://10.0.0.11:8000',
    results: [1, 8, 32, 128].map((c) => ({ concurrency: c, completed: c * 5, failed: 0, total_output_tokens: c * 5 * 1024, output_throughput: c * 97.5, request_throughput: c * 0.09, file: `${dir}/logs/sa-bench_isl_1024_osl_1024/isl_1024_osl_1024_concurrency_${c}_req_rate_inf.json` })),
    benchmark: { valid: true, reason: '' },
    ...(ended ? { outcome: { result: 'succeeded', exit_code: 0, summary: 'Benchmark completed successfully', at: at(500) } } : {}),
  };
}

const root = mkdtempSync(join(tmpdir(), 'srt-status-bench-'));
const stubBin = join(root, 'bin');
mkdirSync(stubBin);
const running = Array.from({ length: 10 }, (_, i) => `JobId=${100_000 + i} JobName=bench-job JobState=RUNNING`).join('\n');
writeFileSync(join(stubBin, 'scontrol'), `#!/bin/sh\nprintf '%s\\n' '${running.replace(/\n/g, "' '")}'\n`, { mode: 0o755 });
writeFileSync(join(stubBin, 'sacct'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
process.env['PATH'] = `${stubBin}:${process.env['PATH']}`;
try {
  for (let i = 0; i < JOBS; i++) {
    const id = String(100_000 + i);
    const dir = join(root, 'outputs', id);
    mkdirSync(join(dir, 'logs'), { recursive: true });
    writeFileSync(join(dir, 'status.json'), `${JSON.stringify(ledger(id, dir, i >= 10), null, 2)}\n`);
    writeFileSync(join(dir, `${id}.json`), `${JSON.stringify({ version: '2.0', job_id: id, job_name: `bench-job-${id}` }, null, 2)}\n`);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const cli: number[] = [];
  for (let r = 0; r <= RUNS; r++) {
    const t0 = performance.now();
    const p = spawnSync(process.execPath, [BIN, 'status'], { cwd: root, encoding: 'utf8' });
    cli.push(performance.now() - t0);
    if (p.status !== 0 || p.stdout.split('\n').length < JOBS) throw new Error(`srtctl status failed: ${p.stderr}`);
    if (r === 0 && !p.stdout.includes('RUNNING')) throw new Error(`the stub SLURM was not asked: ${p.stdout.slice(0, 400)}`);
  }
  const cold = cli.shift()!;
  const inproc: number[] = [];
  const sink = { write: () => {} };
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await main({ argv: ['status'], env: nodeEnv({ cwd: root }), stdout: sink, stderr: sink });
    inproc.push(performance.now() - t0);
  }
  const f = (x: number): string => `${x.toFixed(0)} ms`;
  console.log(`srtctl status over ${JOBS} jobs (${RUNS} runs; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${spawnSync('nproc').stdout.toString().trim()} cores)`);
  console.log(`  srtctl (dist/bin.cjs), first run (reads 1,000 ledgers, writes the cache): ${f(cold)}`);
  console.log(`  srtctl (dist/bin.cjs), process start to exit:  median ${f(median(cli))}, min ${f(Math.min(...cli))}`);
  console.log(`  main() in-process:                  median ${f(median(inproc))}, min ${f(Math.min(...inproc))}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
