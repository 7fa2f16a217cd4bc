import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, freePort, httpCall, metricValue, tokenTimes } from './_sse-test-client.ts';
import { childLink, mockProcessSpec, ownGroupIfLeader, parseProcessCount, runMockPrimary, type MockChild, type MockProcessSpec } from './mock-processes.ts';
import { startMockWorker } from './mock-worker.ts';
import { createWorkerStats } from './worker-metrics.ts';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let fakePid = 1000;

/** A forked process stand-in: messages both ways, `listening` and `exit` on demand. */
class FakeChild extends EventEmitter {
  readonly sent: unknown[] = [];
  readonly killed: string[] = [];
  readonly process = { pid: fakePid++, kill: (signal?: NodeJS.Signals): boolean => (this.killed.push(signal ?? 'SIGTERM'), setImmediate(() => this.emit('exit', signal === 'SIGKILL' ? null : 0, signal ?? null)), true) };
  send(m: unknown): boolean {
    this.sent.push(m);
    return true;
  }
}

function fakeFork(): { readonly children: FakeChild[]; readonly specs: MockProcessSpec[]; readonly fork: (spec: MockProcessSpec) => MockChild } {
  const children: FakeChild[] = [];
  const specs: MockProcessSpec[] = [];
  return {
    children,
    specs,
    fork: (spec) => {
      const c = new FakeChild();
      children.push(c);
      specs.push(spec);
      return c as unknown as MockChild;
    },
  };
}

describe('--processes parsing', () => {
  it.each([
    [undefined, 1],
    ['3', 3],
    ['auto', 8],
    ['0', '--processes must be a whole number from 1 to 1024 or auto, got "0"'],
    ['2.5', '--processes must be a whole number from 1 to 1024 or auto, got "2.5"'],
    ['all', '--processes must be a whole number from 1 to 1024 or auto, got "all"'],
  ])('%s → %s', (value, expected) => {
    expect(parseProcessCount(value, 8)).toBe(expected);
  });

  it('reads the process spec from the environment, and none outside a --processes server', () => {
    expect(mockProcessSpec({ SRT_MOCK_PROCESS: '{"index":1,"count":2,"startedAt":5,"countCompleted":true}' })).toStrictEqual({ index: 1, count: 2, startedAt: 5, countCompleted: true });
    expect(mockProcessSpec({})).toBeUndefined();
    expect(() => mockProcessSpec({ SRT_MOCK_PROCESS: '{"index":"x"}' })).toThrow(/SRT_MOCK_PROCESS is malformed/);
  });

  it('knows whether this process leads its group', () => {
    expect(ownGroupIfLeader(() => `${process.pid} (node) S 1 ${process.pid} ${process.pid} 0`)).toBe(process.pid);
    expect(ownGroupIfLeader(() => `${process.pid} (node) S 1 4242 4242 0`)).toBeUndefined();
    expect(ownGroupIfLeader(() => { throw new Error('no /proc'); })).toBeUndefined();
  });
});

describe('runMockPrimary', () => {
  it('forks N processes with one start time, counts crash_after_requests over all of them, and kills them all with the crash code', async () => {
    const f = fakeFork();
    const lines: string[] = [];
    const run = runMockPrimary({ count: 2, name: 'mock agg worker 0', faults: { crashAfterRequests: 3, crashExitCode: 9 }, fork: f.fork, stop: new Promise(() => {}), log: (l) => lines.push(l), graceMs: 100 });
    expect(f.specs.map((s) => [s.index, s.count, s.countCompleted])).toStrictEqual([[0, 2, true], [1, 2, true]]);
    expect(f.specs[0]!.startedAt).toBe(f.specs[1]!.startedAt);
    f.children.forEach((c) => c.emit('listening'));
    f.children[0]!.emit('message', { srtMock: 'completed' });
    f.children[1]!.emit('message', { srtMock: 'completed' });
    f.children[1]!.emit('message', { srtMock: 'completed' });
    expect(await run).toBe(9);
    expect(f.children.map((c) => c.killed)).toStrictEqual([['SIGKILL'], ['SIGKILL']]);
    expect(lines.at(-1)).toBe('mock agg worker 0: fault: crash after 3 requests; exiting with code 9');
  });

  it('answers a totals request with the counters of every process summed (maxima kept)', async () => {
    const f = fakeFork();
    let stop: (why: string) => void = () => {};
    const run = runMockPrimary({ count: 2, name: 'w', faults: {}, fork: f.fork, stop: new Promise((r) => (stop = r)), log: () => {}, graceMs: 100 });
    const [a, b] = f.children as [FakeChild, FakeChild];
    a.emit('message', { srtMock: 'totals?', id: 7 });
    const collect = a.sent.at(-1) as { srtMock: string; id: number };
    expect(collect.srtMock).toBe('collect');
    expect(b.sent.at(-1)).toStrictEqual(collect);
    a.emit('message', { srtMock: 'stats', id: collect.id, stats: { ...createWorkerStats(), requests: 2, latenessMaxMs: 5 } });
    b.emit('message', { srtMock: 'stats', id: collect.id, stats: { ...createWorkerStats(), requests: 3, latenessMaxMs: 1 } });
    expect(a.sent.at(-1)).toStrictEqual({ srtMock: 'totals', id: 7, stats: { ...createWorkerStats(), requests: 5, latenessMaxMs: 5 } });
    stop('stopped');
    expect(await run).toBe(0);
    expect(f.children.map((c) => c.killed)).toStrictEqual([['SIGTERM'], ['SIGTERM']]);
  });

  it('stops the others and fails when one process exits on its own', async () => {
    const f = fakeFork();
    const lines: string[] = [];
    const run = runMockPrimary({ count: 2, name: 'w', faults: {}, fork: f.fork, stop: new Promise(() => {}), log: (l) => lines.push(l), graceMs: 100 });
    f.children[1]!.emit('exit', 1, null);
    expect(await run).toBe(1);
    expect(f.children[0]!.killed).toStrictEqual(['SIGKILL']);
    expect(lines.at(-1)).toMatch(/^w: process 2 \(pid \d+\) exited \(code 1\); could not start$/);
  });

  it('polls the workers once for all frontend processes and sends each change to every process', async () => {
    let polls = 0;
    const upstream = createHttpServer((req, res) => {
      if (req.url === '/health') polls++;
      res.writeHead(200).end('{}');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
    const f = fakeFork();
    let stop: (why: string) => void = () => {};
    const run = runMockPrimary({
      count: 2, name: 'mock frontend (dynamo)', faults: {}, fork: f.fork, stop: new Promise((r) => (stop = r)), log: () => {}, graceMs: 100,
      frontend: { targets: { prefill: [], decode: [], agg: [url] }, pollIntervalMs: 20 },
    });
    f.children.forEach((c) => c.emit('listening'));
    await eventually(() => f.children.every((c) => c.sent.some((m) => JSON.stringify(m) === '{"srtMock":"health","healthy":[true]}')));
    const p0 = polls;
    await new Promise((r) => setTimeout(r, 200));
    stop('stopped');
    expect(await run).toBe(0);
    upstream.close();
    // one poller: at most one poll per 20 ms (two pollers would double it)
    expect(polls - p0).toBeLessThanOrEqual(200 / 20 + 1);
  });
});

describe('childLink', () => {
  it('answers the primary with its counters and passes health on, even health that came before', () => {
    const proc = new EventEmitter() as EventEmitter & { send: (m: unknown) => boolean; sent: unknown[] };
    proc.sent = [];
    proc.send = (m) => (proc.sent.push(m), true);
    const link = childLink({ index: 0, count: 2, startedAt: 0, countCompleted: true }, proc as unknown as NodeJS.Process);
    const stats = { ...createWorkerStats(), requests: 4 };
    void link.shareStats!(stats);
    proc.emit('message', { srtMock: 'collect', id: 3 });
    expect(proc.sent.at(-1)).toStrictEqual({ srtMock: 'stats', id: 3, stats });
    link.completed!();
    expect(proc.sent.at(-1)).toStrictEqual({ srtMock: 'completed' });
    proc.emit('message', { srtMock: 'health', healthy: [true, false] });
    const got: (readonly boolean[])[] = [];
    link.workerHealth!((h) => got.push(h));
    proc.emit('message', { srtMock: 'health', healthy: [true, true] });
    expect(got).toStrictEqual([[true, false], [true, true]]);
  });
});

// `srtctl mock …` from source, as the bin runs it: the primary forks this same script (node:cluster).
const REPO = join(import.meta.dirname, '../../../..');
function startCli(args: readonly string[]): { readonly proc: ChildProcess; readonly output: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'srt-mock-processes-'));
  const script = join(dir, 'mock.mts');
  writeFileSync(script, `import { runMockServerCli } from ${JSON.stringify(join(import.meta.dirname, 'mock-server-cli.ts'))};\nprocess.exitCode = await runMockServerCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });\n`);
  const proc = spawn(process.execPath, ['--conditions=@srt/source', '--import', 'tsx', script, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += String(b)));
  proc.stderr!.on('data', (b: Buffer) => (out += String(b)));
  return { proc, output: () => out };
}

const childPids = (output: string): number[] => (/processes serving one port \(pids ([\d, ]+)\)/.exec(output)?.[1] ?? '').split(', ').filter(Boolean).map(Number);

describe('srtctl mock worker --processes 2', () => {
  it('serves one port from two processes, each pacing its streams, /metrics summed; SIGTERM stops all; a SIGKILLed primary leaves no process', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const cli = startCli(['worker', '--mode', 'agg', '--host', '127.0.0.1', '--port', String(port), '--model', 'm', '--ttft-ms', '5', '--itl-ms', '20', '--processes', '2']);
    try {
      await eventually(() => childPids(cli.output()).length === 2, 30_000);
      await eventually(async () => (await httpCall(`http://127.0.0.1:${port}/health`).catch(() => ({ status: 0 }))).status === 200, 10_000);
      // 6 streams on 6 connections: dealt round-robin, both processes hold some while they stream.
      const streams = Array.from({ length: 6 }, () => httpCall(`http://127.0.0.1:${port}/v1/completions`, { prompt: 'a', max_tokens: 15, stream: true, ignore_eos: true }));
      await new Promise((r) => setTimeout(r, 150));
      const holders = spawnSync('ss', ['-Htnp', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' }).stdout;
      const pids = childPids(cli.output());
      for (const pid of pids) expect(holders).toContain(`pid=${pid},`);
      const results = await Promise.all(streams);
      for (const r of results) {
        const times = tokenTimes(r);
        expect(times).toHaveLength(15);
        const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((x, y) => x - y);
        expect(gaps[7]).toBeGreaterThan(15); // the median gap is the 20 ms pacing, not a burst
        expect(gaps[7]).toBeLessThan(40);
      }
      const metrics = (await httpCall(`http://127.0.0.1:${port}/metrics`)).body;
      expect(metricValue(metrics, 'mock_requests_completed_total')).toBe(6);
      expect(metricValue(metrics, 'mock_generation_tokens_total')).toBe(90);

      cli.proc.kill('SIGKILL');
      await eventually(() => pids.every((pid) => !alive(pid)), 10_000);
    } finally {
      try {
        process.kill(-cli.proc.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });

  it('stops every process and exits 0 on SIGTERM', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const cli = startCli(['worker', '--mode', 'agg', '--host', '127.0.0.1', '--port', String(port), '--model', 'm', '--processes', '2']);
    await eventually(() => childPids(cli.output()).length === 2, 30_000);
    const pids = childPids(cli.output());
    const exit = new Promise<number | null>((r) => cli.proc.once('exit', (code) => r(code)));
    cli.proc.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(pids.filter(alive)).toStrictEqual([]);
    expect(cli.output()).toMatch(/process 1\/2: stopping: received SIGTERM/);
    expect(cli.output().trim().split('\n').at(-1)).toMatch(/ stopping: received SIGTERM$/);
  });
});

describe('srtctl mock frontend --processes 2', () => {
  it('lists the worker once, proxies on every connection, and only the primary polls the worker (its health change is logged once)', { timeout: 60_000 }, async () => {
    const worker = await startMockWorker({ mode: 'agg', index: 0, model: 'm', ttftMs: 1, itlMs: 1 });
    const port = await freePort();
    const cli = startCli(['frontend', '--format', 'dynamo', '--host', '127.0.0.1', '--port', String(port), '--poll-interval-ms', '50', '--agg', worker.url, '--processes', '2']);
    try {
      await eventually(() => childPids(cli.output()).length === 2, 30_000);
      await eventually(async () => JSON.parse((await httpCall(`http://127.0.0.1:${port}/health`).catch(() => ({ body: '{}' }))).body).status === 'healthy', 10_000);
      for (let i = 0; i < 4; i++) {
        const health = JSON.parse((await httpCall(`http://127.0.0.1:${port}/health`)).body) as { instances: { endpoint: string }[] };
        expect(health.instances.filter((x) => x.endpoint === 'generate')).toHaveLength(1);
        const r = await httpCall(`http://127.0.0.1:${port}/v1/completions`, { prompt: 'a', max_tokens: 2 });
        expect(JSON.parse(r.body).usage.completion_tokens).toBe(2);
      }
      expect(cli.output().match(/agg worker 0 \(.*\) healthy/g)).toHaveLength(1); // one poller logs the change once
    } finally {
      cli.proc.kill('SIGTERM');
      await new Promise((r) => cli.proc.once('exit', r));
      await worker.close();
    }
  });
});
