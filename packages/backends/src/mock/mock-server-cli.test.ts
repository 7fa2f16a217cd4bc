import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { eventually, freePort, httpCall, sleep } from './_sse-test-client.ts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mpiRank, runMockServerCli } from './mock-server-cli.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (t: string) => void out.push(t) }, stderr: { write: (t: string) => void err.push(t) } },
    /** Logged lines without their timestamp. */
    lines: () => out.join('').split('\n').filter(Boolean).map((l) => l.replace(/^\S+ /, '')),
    err: () => err.join(''),
  };
}

describe('runMockServerCli', () => {
  it.each([
    ['no server kind', []],
    ['an unknown server kind', ['router']],
    ['a worker without --mode', ['worker', '--index', '0', '--host', '127.0.0.1', '--port', '1', '--model', 'm']],
    ['a bad mode', ['worker', '--mode', 'gen', '--host', '127.0.0.1', '--port', '1', '--model', 'm']],
    ['a bad error rate', ['worker', '--mode', 'agg', '--host', '127.0.0.1', '--port', '1', '--model', 'm', '--error-rate', '2']],
    ['an unknown flag', ['worker', '--mode', 'agg', '--gpus', '4']],
    ['a frontend without workers', ['frontend', '--format', 'dynamo', '--host', '127.0.0.1', '--port', '1']],
    ['a frontend with a bad format', ['frontend', '--format', 'vllm', '--host', '127.0.0.1', '--port', '1', '--agg', 'http://a:1']],
    ['a bad worker URL', ['frontend', '--format', 'dynamo', '--host', '127.0.0.1', '--port', '1', '--agg', 'a:1; rm -rf /']],
    ['a bad bootstrap port', ['frontend', '--format', 'dynamo', '--host', '127.0.0.1', '--port', '1', '--decode', 'http://a:1', '--prefill', 'http://b:1,x']],
  ])('returns 2 with the usage for %s', async (_name, argv) => {
    const c = capture();
    expect(await runMockServerCli(argv, { ...c.io, signal: AbortSignal.abort() })).toBe(2);
    expect(c.err()).toMatch(/^srtctl mock: .+\nusage: srtctl mock worker/);
  });

  it('reports the reason of a usage error', async () => {
    const c = capture();
    await runMockServerCli(['worker', '--mode', 'agg', '--host', 'h', '--port', '1', '--model', 'm', '--itl-ms', 'fast'], { ...c.io, signal: AbortSignal.abort() });
    expect(c.err().split('\n')[0]).toMatchInlineSnapshot(`"srtctl mock: --itl-ms must be a number >= 0, got "fast""`);
  });

  it.each([[['--help']], [['worker', '--help']], [['frontend', '-h']], [['help']]])('prints the usage on stdout and exits 0 for %j', async (argv) => {
    const c = capture();
    expect(await runMockServerCli(argv, { ...c.io, signal: AbortSignal.abort() })).toBe(0);
    expect([c.lines()[0], c.err()]).toStrictEqual(['srtctl mock worker --mode prefill|decode|agg --index N --host ADDR --port PORT --model NAME', '']);
  });

  it('suggests the closest flag for a misspelt one', async () => {
    const c = capture();
    await runMockServerCli(['worker', '--mode', 'agg', '--itl-sm', '5'], { ...c.io, signal: AbortSignal.abort() });
    expect(c.err().split('\n')[0]).toBe('srtctl mock: unknown option --itl-sm (did you mean --itl-ms?)');
  });

  it('runs a worker until the signal aborts, logging listening and healthy, and exits 0', async () => {
    const c = capture();
    const ac = new AbortController();
    const port = await freePort();
    const run = runMockServerCli(['worker', '--mode', 'decode', '--index', '2', '--host', '127.0.0.1', '--port', String(port), '--model', 'm', '--startup-delay-s', '0.05', '--ttft-ms', '1', '--itl-ms', '1'], { ...c.io, signal: ac.signal });
    await eventually(async () => (await httpCall(`http://127.0.0.1:${port}/health`).catch(() => ({ status: 0 }))).status === 200);
    const r = await httpCall(`http://127.0.0.1:${port}/v1/completions`, { prompt: 'a', max_tokens: 3 });
    expect(JSON.parse(r.body).usage.completion_tokens).toBe(3);
    ac.abort();
    expect(await run).toBe(0);
    expect(c.lines()).toStrictEqual([
      `mock decode worker 2 listening on http://127.0.0.1:${port} (model m, ttft 1 ms, itl 1 ms)`,
      'mock decode worker 2 healthy',
      'stopping: stopped',
    ]);
  });

  it('with --hf-model, exits 1 unless the model is in the Hugging Face cache, then loads it from there (engines.md §7)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'srt-mock-hf-'));
    try {
      const c = capture();
      const argv = ['worker', '--mode', 'agg', '--host', '127.0.0.1', '--port', '0', '--model', 'Tiny', '--hf-model', 'Org/Tiny'];
      expect(await runMockServerCli(argv, { ...c.io, vars: { HF_HOME: home }, signal: AbortSignal.abort() })).toBe(1);
      expect(c.err()).toBe(`srtctl mock: model Org/Tiny is not in the Hugging Face cache ${home}/hub (no models--Org--Tiny/snapshots/<rev>/config.json); a mock worker never downloads (HF_HUB_OFFLINE=1)\n`);
      const snapshot = join(home, 'hub', 'models--Org--Tiny', 'snapshots', 'abc');
      mkdirSync(snapshot, { recursive: true });
      writeFileSync(join(snapshot, 'config.json'), '{}');
      const ok = capture();
      expect(await runMockServerCli(argv, { ...ok.io, vars: { HF_HOME: home }, signal: AbortSignal.abort() })).toBe(0);
      expect(ok.lines()).toContain(`mock agg worker 0: loading Org/Tiny from ${snapshot}`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('exits with the crash code once the crash fault fires', async () => {
    const c = capture();
    const port = await freePort();
    const code = await runMockServerCli(['worker', '--mode', 'agg', '--host', '127.0.0.1', '--port', String(port), '--model', 'm', '--crash-after-s', '0.05', '--crash-exit-code', '42'], { ...c.io, signal: new AbortController().signal });
    expect(code).toBe(42);
    expect(c.lines().slice(-2)).toStrictEqual(['mock agg worker 0: fault: crash after 50 ms; exiting with code 42', 'exiting with code 42: crash after 50 ms']);
  });

  it('keeps a non-leader rank (--port 0) alive, serving nothing, until stopped', async () => {
    const c = capture();
    const ac = new AbortController();
    const run = runMockServerCli(['worker', '--mode', 'prefill', '--index', '0', '--node-rank', '1', '--host', '127.0.0.1', '--port', '0', '--model', 'm'], { ...c.io, signal: ac.signal });
    let settled = false;
    void run.then(() => (settled = true));
    await sleep(50);
    expect(settled).toBe(false);
    ac.abort();
    expect(await run).toBe(0);
    expect(c.lines()).toStrictEqual(['mock prefill worker 0 rank 1: non-leader rank, serving nothing until stopped', 'stopping: stopped']);
  });

  it('lets a crash fault fire on a non-leader rank (a per_gpu vLLM rank, E1)', async () => {
    const c = capture();
    const code = await runMockServerCli(['worker', '--mode', 'agg', '--host', '127.0.0.1', '--port', '0', '--model', 'm', '--crash-after-s', '0.05', '--crash-exit-code', '7'], { ...c.io, signal: new AbortController().signal });
    expect(code).toBe(7);
    expect(c.lines().at(-1)).toBe('fault: crash after 0.05 s; exiting with code 7');
  });

  it.each([
    [{ SLURM_PROCID: '3', PMIX_RANK: '1' }, 3],
    [{ PMIX_RANK: '2' }, 2],
    [{ OMPI_COMM_WORLD_RANK: '5' }, 5],
    [{ SLURM_PROCID: 'x' }, 0],
    [{}, 0],
  ])('reads the MPI task rank from %j', (vars, rank) => {
    expect(mpiRank(vars)).toBe(rank);
  });

  it('runs a trtllm-serve orchestrator from ser.yaml: /health is 200 with an empty body once every worker is up', async () => {
    const c = capture();
    const ac = new AbortController();
    const [pp, dp, fp] = [await freePort(), await freePort(), await freePort()];
    const dir = mkdtempSync(join(tmpdir(), 'srt-ser-'));
    const ser = join(dir, 'ser.yaml');
    writeFileSync(ser, `context_servers:\n  num_instances: 1\n  urls:\n  - 127.0.0.1:${pp}\ngeneration_servers:\n  num_instances: 1\n  urls:\n  - 127.0.0.1:${dp}\nhostname: 0.0.0.0\nport: 8000\n`);
    const p = runMockServerCli(['worker', '--mode', 'prefill', '--host', '127.0.0.1', '--port', String(pp), '--model', 'm'], { ...c.io, signal: ac.signal });
    const d = runMockServerCli(['worker', '--mode', 'decode', '--host', '127.0.0.1', '--port', String(dp), '--model', 'm'], { ...c.io, signal: ac.signal });
    const f = runMockServerCli(['frontend', '--format', 'trtllm-serve', '--ser-config', ser, '--host', '127.0.0.1', '--port', String(fp), '--poll-interval-ms', '20'], { ...c.io, signal: ac.signal });
    await eventually(async () => (await httpCall(`http://127.0.0.1:${fp}/health`).catch(() => ({ status: 0 }))).status === 200);
    expect((await httpCall(`http://127.0.0.1:${fp}/health`)).body).toBe('');
    const r = await httpCall(`http://127.0.0.1:${fp}/v1/completions`, { prompt: 'a', max_tokens: 2 });
    expect(JSON.parse(r.body).usage.completion_tokens).toBe(2);
    ac.abort();
    expect([await p, await d, await f]).toStrictEqual([0, 0, 0]);
  });

  it('runs a frontend in the router format over the given workers', async () => {
    const c = capture();
    const ac = new AbortController();
    const [wp, fp] = [await freePort(), await freePort()];
    const w = runMockServerCli(['worker', '--mode', 'agg', '--host', '127.0.0.1', '--port', String(wp), '--model', 'm'], { ...c.io, signal: ac.signal });
    const f = runMockServerCli(['frontend', '--format', 'sglang-router', '--host', '127.0.0.1', '--port', String(fp), '--poll-interval-ms', '20', '--agg', `http://127.0.0.1:${wp}`], { ...c.io, signal: ac.signal });
    await eventually(async () => JSON.parse((await httpCall(`http://127.0.0.1:${fp}/workers`).catch(() => ({ body: '{}' }))).body).stats?.regular_count === 1);
    ac.abort();
    expect([await w, await f]).toStrictEqual([0, 0]);
  });

  it('returns 1 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const c = capture();
    const code = await runMockServerCli(['worker', '--mode', 'agg', '--host', '127.0.0.1', '--port', String(port), '--model', 'm'], { ...c.io, signal: new AbortController().signal });
    blocker.close();
    expect(code).toBe(1);
    expect(c.err()).toMatch(/^srtctl mock: cannot listen: .*EADDRINUSE.* \(another process holds the port; stop it or pick another port\)\n$/);
  });
});
