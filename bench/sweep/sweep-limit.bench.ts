/**
 * How large a sweep `srtctl validate` and `srtctl dry-run` handle within the issue-10 budget
 * (under 1 s and 256 MiB). For each size N, a child process runs the command in-process on a
 * mock-recipe sweep of N jobs (one parameter) and reports the wall time of the
 * command, its CPU time (less disturbed by other load than the wall time) and the peak RSS of the process (node + tsx + srtctl, everything included). The
 * sweep limit is lifted for the measurement (`--limit`), so sizes over `LIMITS.sweepJobs`
 * can be measured. Prints a table and the load average (the machine may be shared).
 * Run: node --conditions=@srt/source --import tsx bench/sweep/sweep-limit.bench.ts [N ...]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

/** A sweep of exactly `n` jobs: one parameter with `n` values, substituted into the benchmark. */
export function sweepText(n: number): string {
  return `name: bench
model: {path: /models/m, container: img, precision: fp8}
resources: {gpu_type: h100, gpus_per_node: 8, prefill_nodes: 1, prefill_workers: 1, decode_nodes: 1, decode_workers: 1}
backend: {type: mock}
benchmark: {type: sa-bench, isl: 1024, osl: "{osl}", concurrencies: [4]}
sweep:
  osl: [${Array.from({ length: n }, (_, i) => 64 + i).join(', ')}]
`;
}

async function one(n: number, command: string): Promise<void> {
  const { LIMITS } = await import('../../packages/core/src/config/limits.ts');
  (LIMITS as { sweepJobs: number }).sweepJobs = Number.MAX_SAFE_INTEGER; // measure past the limit
  const { main } = await import('../../packages/cli/src/index.ts');
  const { nodeEnv } = await import('../../packages/core/src/index.ts');
  const dir = mkdtempSync(join(tmpdir(), 'sweep-bench-'));
  writeFileSync(join(dir, 'sweep.yaml'), sweepText(n));
  const argv = command === 'validate' ? ['validate', '-f', 'sweep.yaml', '--no-preflight'] : ['dry-run', '-f', 'sweep.yaml', '--no-preflight'];
  let bytes = 0;
  const sink = { write: (s: string) => void (bytes += s.length) };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await main({ argv, env: nodeEnv({ cwd: dir, vars: { SRTCTL_BUNDLE: '/opt/srtctl/dist/srtctl.mjs' } }), stdout: sink, stderr: sink });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ code, ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMiB: process.resourceUsage().maxRSS / 1024, bytes }));
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === '--one') {
  await one(Number(rest[0]), rest[1]!);
} else {
  const sizes = [mode, ...rest].filter((x): x is string => x !== undefined).map(Number);
  console.log('| jobs | command | exit | wall | CPU | peak RSS | output | load average (1 min) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const n of sizes.length > 0 ? sizes : [256, 512, 1024]) {
    for (const command of ['validate', 'dry-run']) {
      const out = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--one', String(n), command], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const r = JSON.parse(out) as { code: number; ms: number; cpuMs: number; rssMiB: number; bytes: number };
      console.log(`| ${n} | ${command} | ${r.code} | ${(r.ms / 1000).toFixed(2)} s | ${(r.cpuMs / 1000).toFixed(2)} s | ${r.rssMiB.toFixed(0)} MiB | ${(r.bytes / 1024).toFixed(0)} KiB | ${loadavg()[0]!.toFixed(2)} |`);
    }
  }
}
