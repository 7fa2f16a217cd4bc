import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { runSaBench } from './run-sa-bench.ts';
import { describeStall, observeLatency, stallBoundMs, STALL_FLOOR_MS } from './stall.ts';

/** A real worker process: streams `tokens` completion tokens per request, one every `gapMs`. */
const WORKER = `
const http = require('node:http');
const [tokens, gapMs] = process.argv.slice(1).map(Number);
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let n = 0;
    const tick = () => {
      if (n === tokens) { res.write('data: [DONE]\\n\\n'); res.end(); return; }
      n += 1;
      res.write('data: ' + JSON.stringify({ choices: [{ text: ' t' }] }) + '\\n\\n');
      setTimeout(tick, gapMs);
    };
    tick();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) {
    c.kill('SIGCONT');
    c.kill('SIGKILL');
  }
});

async function startWorker(tokens: number, gapMs: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['-e', WORKER, String(tokens), String(gapMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [data] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, url: `http://127.0.0.1:${data.toString().trim()}` };
}

describe.each(['kernel', 'node'] as const)('stall detection (%s timestamps)', (timestamps) => {
  it('fails a run whose worker is frozen (SIGSTOP) mid-stream within the bound, naming the frontend and the stalled streams', async () => {
    const { child, url } = await startWorker(20, 20);
    const resultDir = await mkdtemp(join(tmpdir(), 'srt-stall-'));
    let t0 = 0;
    const run = runSaBench(
      { url, model: 'm', isl: 8, osl: 20, concurrencies: [1, 2], numPrompts: 2, warmup: false, timestamps, stallTimeoutS: 0.5, resultDir },
      {
        onLog: (line) => {
          // the first point completes; the worker freezes 150 ms into the second
          if (line.startsWith('Running benchmark with concurrency: 2')) {
            setTimeout(() => {
              child.kill('SIGSTOP');
              t0 = performance.now();
            }, 150);
          }
        },
      },
    );
    const err = await run.then(() => undefined, (e: unknown) => e as { code: string; message: string });
    const waitedMs = performance.now() - t0;
    expect(err?.code).toBe('SRT_BENCHMARK_STALLED');
    expect(err?.message).toContain(`streams to ${url} heard nothing for 0.5 s`);
    expect(err?.message).toContain('(concurrency 2)');
    expect(err?.message).toMatch(/2 of 2 streams .*request \d after \d+ tokens/);
    expect(waitedMs).toBeGreaterThanOrEqual(450);
    expect(waitedMs).toBeLessThan(2000);
    // the point measured before the stall is kept, and the rollup says why the run failed
    const files = await readdir(resultDir);
    expect(files.filter((f) => f.includes('concurrency_1_'))).toHaveLength(1);
    const rollup = JSON.parse(await readFile(join(resultDir, 'benchmark-rollup.json'), 'utf8')) as { valid: boolean; reason: string };
    expect(rollup.valid).toBe(false);
    expect(rollup.reason).toContain('tokens stopped arriving');
  }, 15_000);

  it('does not fire while tokens keep arriving slower than the bound would allow in total', async () => {
    const { url } = await startWorker(10, 80); // each request takes ~0.8 s, its gaps 80 ms
    const { runs } = await runSaBench({ url, model: 'm', isl: 8, osl: 10, concurrencies: [2], numPrompts: 2, warmup: false, timestamps, stallTimeoutS: 0.5 });
    expect(runs[0]?.validity.valid).toBe(true);
  }, 15_000);
});

describe('stallBoundMs', () => {
  it('is the configured bound when given, else max(30 s, 20 × p99 ITL, 3 × the slowest TTFT)', () => {
    expect(stallBoundMs(5, { itlP99Ms: 1e6, ttftMaxMs: 0 })).toBe(5000);
    expect(stallBoundMs(undefined, { itlP99Ms: 0, ttftMaxMs: 0 })).toBe(STALL_FLOOR_MS);
    expect(stallBoundMs(undefined, { itlP99Ms: 2000, ttftMaxMs: 0 })).toBe(40_000);
    expect(stallBoundMs(undefined, { itlP99Ms: 10, ttftMaxMs: 20_000 })).toBe(60_000);
  });

  it('widens with the successful records of each phase, never narrows', () => {
    const rec = (itl: number[], ttft: number, success = true) => ({ success, error: '', ttft, itl, latency: 1, outputTokens: 1, text: '' });
    const seen = observeLatency({ itlP99Ms: 0, ttftMaxMs: 0 }, [rec([0.01, 0.02, 0.5], 0.2), rec([9], 99, false)]);
    expect(seen).toStrictEqual({ itlP99Ms: 500, ttftMaxMs: 200 });
    expect(observeLatency(seen, [rec([0.001], 0.01)])).toStrictEqual(seen);
  });

  it('describes at most 8 streams and counts the rest', () => {
    const streams = Array.from({ length: 10 }, (_, i) => ({ request: i, tokens: i % 2 === 0 ? 0 : 3, silentMs: 900 }));
    const line = describeStall({ stallMs: 800, inflight: 12, streams }, 'http://h:1', 'concurrency 12');
    expect(line).toContain('10 of 12 streams to http://h:1 heard nothing for 0.8 s (request 0 before its first token, request 1 after 3 tokens');
    expect(line).toContain('and 2 more)');
  });
});
