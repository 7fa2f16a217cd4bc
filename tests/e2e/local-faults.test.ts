// Issue 10 fault scenarios on the local executor, end to end: `srtctl apply --local` as its own
// process (the bundle), a mock deployment, and a fault injected mid-benchmark. Each test proves by
// scanning /proc that no process of the job survives.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLE, RECIPES } from './support/paths.ts';
import { eventually, type LiveProcess, processesUnder } from './support/processes.ts';
import { makeRunDir } from './support/run-dirs.ts';

const started: ChildProcess[] = [];
afterEach(() => {
  // A failed test must not leave the deployment (or a stopped worker) behind for the next one.
  for (const c of started.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** `srtctl apply --local -f local-faults.yaml` as a child process; resolves its output and exit once the benchmark runs (or the run ended, with `midBenchmark: false`). */
async function startRun(o: { readonly midBenchmark?: boolean } = {}): Promise<{ dir: string; child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const dir = await makeRunDir('srt-e2e-faults-');
  const child = spawn(process.execPath, [BUNDLE, 'apply', '--local', '-f', join(RECIPES, 'local-faults.yaml')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let text = '';
  child.stdout!.on('data', (d: Buffer) => void (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Mid-benchmark: the load generator has finished a few requests (its progress file counts them).
  const progress = (): boolean => {
    const outputs = join(dir, 'outputs');
    const job = existsSync(outputs) ? readdirSync(outputs)[0] : undefined;
    const file = job === undefined ? '' : join(outputs, job, 'logs', 'benchmark-progress.json');
    return file !== '' && existsSync(file) && /"completed":\s*[1-9]/.test(readFileSync(file, 'utf8'));
  };
  if (o.midBenchmark === false) return { dir, child, output: () => text, exited };
  const running = await eventually(() => progress() || child.exitCode !== null, 60_000, 50);
  expect(running && child.exitCode === null, text).toBe(true);
  return { dir, child, output: () => text, exited };
}

const workers = (dir: string): LiveProcess[] => processesUnder(dir).filter((p) => / mock worker /.test(p.cmdline));

describe('local fault scenarios (srtctl apply --local, mid-benchmark)', () => {
  it('SIGKILL of srtctl: every process of the job is gone within a few seconds (group guards)', async () => {
    const run = await startRun();
    const before = processesUnder(run.dir);
    expect(before.filter((p) => / mock (worker|frontend) /.test(p.cmdline)).length, JSON.stringify(before)).toBeGreaterThanOrEqual(3);
    run.child.kill('SIGKILL');
    await run.exited;
    // The guard notices within 0.5 s, then SIGTERM, 2 s, SIGKILL.
    await eventually(() => processesUnder(run.dir).length === 0, 8_000);
    expect(processesUnder(run.dir)).toStrictEqual([]);
  });

  it('a frozen worker (SIGSTOP): the stall bound fails the run in bounded time, naming the worker, and nothing is left', async () => {
    const run = await startRun();
    const decode = workers(run.dir).filter((p) => / --mode decode /.test(p.cmdline));
    expect(decode, JSON.stringify(workers(run.dir))).toHaveLength(1);
    const t0 = Date.now();
    process.kill(decode[0]!.pid, 'SIGSTOP');
    try {
      const code = await Promise.race([run.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 45_000))]);
      expect(code, run.output()).toBe(1);
      expect((Date.now() - t0) / 1000).toBeLessThan(20);
      const out = run.output();
      expect(out).toMatch(/sa-bench failed: tokens stopped arriving .* heard nothing for 2\.0 s/);
      expect(out).toMatch(/Diagnosis: The benchmark stalled: tokens stopped arriving/);
      // SIGCONT with SIGTERM: a stopped worker does not hold up the cleanup for its 10 s of grace.
      expect(out).not.toMatch(/did not terminate/);
      expect(out).toMatch(/After the benchmark failed: Worker decode_0 on local-1 is not healthy: http:\/\/127\.0\.0\.12:\d+\/health → no answer/);
      const logs = join(run.dir, 'outputs', readdirSync(join(run.dir, 'outputs'))[0]!, 'logs');
      const log = readFileSync(join(logs, readdirSync(logs).find((f) => f.startsWith('orchestrator_'))!), 'utf8');
      expect(log).toMatch(/After the benchmark failed: Worker decode_0 on local-1 is not healthy/);
      expect(log).toMatch(/Diagnosis: The benchmark stalled/);
      await eventually(() => processesUnder(run.dir).length === 0, 8_000);
      expect(processesUnder(run.dir)).toStrictEqual([]);
    } finally {
      for (const p of decode) {
        try {
          process.kill(p.pid, 'SIGCONT');
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // already gone, as it should be
        }
      }
    }
  });

  it('a worker killed by a signal: the last line names it, its node and the signal, and nothing is left', async () => {
    const run = await startRun();
    const decode = workers(run.dir).filter((p) => / --mode decode /.test(p.cmdline));
    expect(decode).toHaveLength(1);
    process.kill(decode[0]!.pid, 'SIGKILL');
    expect(await run.exited, run.output()).toBe(1);
    expect(run.output()).toMatch(/^Result: {4}Run failed: decode_0_local-1 on local-1 was killed by SIGKILL \(log: .*local-1_decode_w0\.out\)$/m);
    await eventually(() => processesUnder(run.dir).length === 0, 8_000);
    expect(processesUnder(run.dir)).toStrictEqual([]);
  });

  it("the frontend's port already taken: the run stops at once, naming the port and its holder, and nothing is left", async () => {
    const holder = createServer();
    holder.listen(8000, '127.0.0.11');
    await once(holder, 'listening');
    try {
      const run = await startRun({ midBenchmark: false });
      const code = await Promise.race([run.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 45_000))]);
      expect(code, run.output()).toBe(1);
      expect(run.output()).toMatch(/Run failed: frontend_0 on local-0 could not listen: port 8000 is already in use by \S+ \(pid \d+\)/);
      await eventually(() => processesUnder(run.dir).length === 0, 8_000);
      expect(processesUnder(run.dir)).toStrictEqual([]);
    } finally {
      holder.close();
    }
  });
});

