import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@srt/cli';
import { nodeEnv } from '@srt/core';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSaProgress } from '@srt/benchmarks';
import { createProgressPrinter } from '../../packages/cli/src/commands/bench.ts';
import { LAST_CHUNK, SSE_HEAD, chunk, startScriptedServer, streamedCompletion, textEvent, usageEvent } from '../../packages/benchmarks/test/stream-server.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

function collect(isTTY = false): { write: (s: string) => void; readonly isTTY: boolean; text: () => string } {
  let out = '';
  return { isTTY, write: (s) => (out += s), text: () => out };
}

const sample = { phase: 'measure' as const, concurrency: 64, completed: 10, failed: 0, total: 320, elapsedS: 3.2, requestsPerS: 3.1, outputTokensPerS: 1234.5, done: false };

describe('createProgressPrinter', () => {
  it('updates one line in place on a terminal', () => {
    const out = collect(true);
    const print = createProgressPrinter(out, () => 0);
    print(sample);
    print({ ...sample, completed: 320, done: true });
    expect(out.text()).toBe(
      '\r\x1b[2K[measure c=64] 10/320 done, 3.1 req/s, 1235 tok/s, 3 s, ETA 100 s\r\x1b[2K[measure c=64] 320/320 done, 3.1 req/s, 1235 tok/s, 3 s\n',
    );
  });

  it('prints a plain line every 5 s and the final one in a log', () => {
    const out = collect(false);
    let now = 0;
    const print = createProgressPrinter(out, () => now);
    for (const t of [0, 1000, 4000, 5000, 6000]) {
      now = t;
      print({ ...sample, completed: t / 100 });
    }
    print({ ...sample, completed: 320, failed: 2, done: true });
    expect(out.text().split('\n')).toStrictEqual([
      '[measure c=64] 0/320 done, 3.1 req/s, 1235 tok/s, 3 s, ETA 103 s',
      '[measure c=64] 50/320 done, 3.1 req/s, 1235 tok/s, 3 s, ETA 87 s',
      '[measure c=64] 320/320 done, 2 failed, 3.1 req/s, 1235 tok/s, 3 s',
      '',
    ]);
  });
});

describe('formatSaProgress', () => {
  it('names the point among several and says when the ETA is unknown', () => {
    expect(formatSaProgress({ ...sample, point: 2, points: 5, completed: 0, requestsPerS: 0, elapsedS: 200 })).toBe('[measure c=64, point 2/5] 0/320 done, 0.0 req/s, 1235 tok/s, 3 min, ETA ?');
  });
});

describe('srtctl bench sa', () => {
  it('runs, prints the sa-bench summary per concurrency and writes results', async () => {
    const s = await startScriptedServer(() => streamedCompletion([' a', ' b'], { usage: 2 }));
    closers.push(s.close);
    const dir = await mkdtemp(join(tmpdir(), 'bench-cli-'));
    const stdout = collect();
    const code = await main({
      argv: ['bench', 'sa', '--url', s.url, '--model', 'm', '--isl', '8', '--osl', '2', '--concurrency', '1x2', '--num-prompts', '3', '--no-warmup', '--result-dir', dir],
      env: nodeEnv(), stdout, stderr: collect(),
    });
    expect(code).toBe(0);
    expect(stdout.text().match(/^=+ Serving Benchmark Result =+$/gm)).toHaveLength(2);
    expect(stdout.text()).toMatch(/^Successful requests: {21}3 {9}$/m);
    expect(stdout.text()).toContain(`SA-Bench complete. Results in ${dir}`);
    expect(JSON.parse(await readFile(join(dir, 'benchmark-rollup.json'), 'utf8'))).toMatchObject({ valid: true, concurrencies: [1, 2] });
  });

  it.each(['kernel', 'node'])('stamps tokens with --timestamps %s and says so in the config line and the result file', async (timestamps) => {
    const s = await startScriptedServer(() => streamedCompletion([' a', ' b'], { usage: 2 }));
    closers.push(s.close);
    const dir = await mkdtemp(join(tmpdir(), 'bench-cli-'));
    const stdout = collect();
    const code = await main({
      argv: ['bench', 'sa', '--url', s.url, '--model', 'm', '--isl', '8', '--osl', '2', '--concurrency', '1', '--num-prompts', '2', '--no-warmup', '--result-dir', dir, '--timestamps', timestamps],
      env: nodeEnv(), stdout, stderr: collect(),
    });
    expect(code).toBe(0);
    expect(stdout.text()).toContain(`; timestamps=${timestamps}\n`);
    const result = JSON.parse(await readFile(join(dir, 'isl_8_osl_2_concurrency_1_req_rate_inf.json'), 'utf8'));
    expect(result.client_timestamps).toBe(timestamps);
  });

  it('exits 1 naming the stall when the server stops sending (--stall-timeout)', async () => {
    const s = await startScriptedServer((_req, i) => (i === 0 ? streamedCompletion([' a', ' b'], { usage: 2 }) : [{ afterMs: 0, bytes: SSE_HEAD + chunk(textEvent(' a')) }]));
    closers.push(s.close);
    const stderr = collect();
    const code = await main({
      argv: ['bench', 'sa', '--url', s.url, '--model', 'm', '--isl', '8', '--osl', '2', '--concurrency', '1', '--num-prompts', '1', '--no-warmup', '--stall-timeout', '0.3'],
      env: nodeEnv(), stdout: collect(), stderr,
    });
    expect(code).toBe(1);
    expect(stderr.text()).toContain(`Error: sa-bench failed: tokens stopped arriving (concurrency 1): 1 of 1 streams to ${s.url} heard nothing for 0.3 s (request 0 after 1 tokens)`);
  });

  it('exits 1 with the gate reason when the server generates nothing', async () => {
    const s = await startScriptedServer(() => [{ afterMs: 0, bytes: SSE_HEAD + chunk(textEvent('')) + chunk(usageEvent(0)) + chunk('data: [DONE]\n\n') + LAST_CHUNK }]);
    closers.push(s.close);
    const stderr = collect();
    const code = await main({
      argv: ['bench', 'sa', '--url', s.url, '--model', 'm', '--isl', '8', '--osl', '2', '--concurrency', '2', '--no-warmup'],
      env: nodeEnv(), stdout: collect(), stderr,
    });
    expect(code).toBe(1);
    expect(stderr.text().split('\n').filter((l) => l.startsWith('Error'))).toStrictEqual(['Error: sa-bench failed: concurrency 2: the server generated no tokens']);
  });

  it.each([
    { argv: ['--url', 'http://x', '--model', 'm', '--isl', '8', '--osl', '2'], message: 'the option --concurrency AxBxC is required' },
    { argv: ['--url', 'http://x', '--model', 'm', '--isl', 'many', '--osl', '2', '--concurrency', '1'], message: '--isl must be a whole number ≥ 1, got "many"' },
    { argv: ['--url', 'http://x', '--model', 'm', '--isl', '8', '--osl', '2', '--concurrency', '1', '--timestamps', 'wall'], message: '--timestamps must be auto, kernel or node, got "wall"' },
    { argv: ['--url', 'http://x', '--model', 'm', '--isl', '8', '--osl', '2', '--concurrency', '1', '--stall-timeout', '0'], message: '--stall-timeout must be a number of seconds ≥ 0.1, got "0"' },
    { argv: ['--url', 'http://x', '--model', 'm', '--isl', '8', '--osl', '2', '--concurrency', '1', '--client-processes', '0'], message: '--client-processes must be a whole number ≥ 1 or auto, got "0"' },
  ])('rejects bad flags with a usage error ($message)', async ({ argv, message }) => {
    const stderr = collect();
    const code = await main({ argv: ['bench', 'sa', ...argv], env: nodeEnv(), stdout: collect(), stderr });
    expect(code).toBe(2);
    expect(stderr.text().split('\n')[0]).toBe(`Error: ${message}`);
  });
});
