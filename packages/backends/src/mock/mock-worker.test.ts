import { Agent } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, httpCall, jsonEvents, metricValue, sleep, streamedText, tokenTimes } from './_sse-test-client.ts';
import type { MockServerHandle, MockWorkerOptions } from './mock-options.ts';
import { startMockWorker } from './mock-worker.ts';

const open: MockServerHandle[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function worker(over: Partial<MockWorkerOptions> = {}): Promise<MockServerHandle> {
  const w = await startMockWorker({ mode: 'agg', index: 0, model: 'mock-model', ttftMs: 5, itlMs: 2, ...over });
  open.push(w);
  await eventually(async () => (await httpCall(`${w.url}/health`)).status === 200 || over.startupDelayMs !== undefined || over.faults?.neverHealthy === true);
  return w;
}

const PATHS = [
  ['completions', '/v1/completions', { prompt: 'one two three four' }],
  ['chat completions', '/v1/chat/completions', { messages: [{ role: 'user', content: 'one two' }, { role: 'user', content: [{ type: 'text', text: 'three four' }] }] }],
] as const;

describe('startMockWorker', () => {
  it.each(PATHS)('streams exactly max_tokens %s tokens with ignore_eos, then usage, then [DONE]', async (_name, path, prompt) => {
    const w = await worker({ outputTokens: 3 });
    const r = await httpCall(`${w.url}${path}`, { model: 'mock-model', ...prompt, max_tokens: 12, stream: true, ignore_eos: true, stream_options: { include_usage: true } });
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('text/event-stream');
    const events = jsonEvents(r);
    expect(events.filter((e) => e['choices'].length > 0)).toHaveLength(12);
    expect(events.at(-2)?.['choices'][0].finish_reason).toBe('length');
    expect(events.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 12, total_tokens: 16 } });
    expect(r.events.at(-1)?.data).toBe('[DONE]');
    expect(streamedText(r).trim().split(/\s+/)).toHaveLength(12);
  });

  it('names the assistant role in the first chat delta only', async () => {
    const w = await worker();
    const r = await httpCall(`${w.url}/v1/chat/completions`, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 2, stream: true });
    expect(jsonEvents(r).map((e) => e['choices'][0].delta)).toStrictEqual([{ role: 'assistant', content: ' lorem' }, { content: ' ipsum' }]);
  });

  it('emits the first token after the TTFT and the others on the exact ITL schedule', async () => {
    const w = await worker({ ttftMs: 40, itlMs: 10 });
    const r = await httpCall(`${w.url}/v1/completions`, { prompt: 'x', max_tokens: 21, ignore_eos: true, stream: true });
    const times = tokenTimes(r);
    expect(times).toHaveLength(21);
    expect(times[0]).toBeGreaterThanOrEqual(39);
    expect(times[0]).toBeLessThan(40 + 25);
    const span = (times.at(-1) as number) - (times[0] as number);
    expect(Math.abs(span - 200)).toBeLessThan(25);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    const sorted = [...gaps].sort((a, b) => a - b);
    expect(Math.abs((sorted[10] as number) - 10)).toBeLessThan(3);
  });

  it.each([
    ['stops at the natural length without ignore_eos', { max_tokens: 50 }, 7, 'stop'],
    ['stops at max_tokens when it comes first', { max_tokens: 4 }, 4, 'length'],
    ['uses the natural length when max_tokens is absent', {}, 7, 'stop'],
    ['honours max_tokens over the natural length with ignore_eos', { max_tokens: 9, ignore_eos: true }, 9, 'length'],
  ])('%s', async (_name, extra, tokens, finish) => {
    const w = await worker({ outputTokens: 7 });
    const r = await httpCall(`${w.url}/v1/completions`, { prompt: 'a', stream: true, stream_options: { include_usage: true }, ...extra });
    const events = jsonEvents(r);
    expect(events.at(-1)?.['usage'].completion_tokens).toBe(tokens);
    expect(events.at(-2)?.['choices'][0].finish_reason).toBe(finish);
  });

  it('puts tokens_per_chunk tokens in each chunk', async () => {
    const w = await worker({ tokensPerChunk: 3 });
    const r = await httpCall(`${w.url}/v1/completions`, { prompt: 'a', max_tokens: 10, ignore_eos: true, stream: true });
    expect(jsonEvents(r).map((e) => e['choices'][0].text.trim().split(' ').length)).toStrictEqual([3, 3, 3, 1]);
  });

  it.each(PATHS)('answers non-streaming %s with the whole text and usage after the generation time', async (_name, path, prompt) => {
    const w = await worker({ ttftMs: 20, itlMs: 5 });
    const t0 = performance.now();
    const r = await httpCall(`${w.url}${path}`, { ...prompt, max_tokens: 5, ignore_eos: true });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(20 + 4 * 5 - 1);
    const body = JSON.parse(r.body);
    expect(body.usage).toStrictEqual({ prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 });
    const text = path === '/v1/completions' ? body.choices[0].text : body.choices[0].message.content;
    expect(text).toBe(' lorem ipsum dolor sit amet');
    expect(body.choices[0].finish_reason).toBe('length');
  });

  it('answers several requests on one keep-alive connection', async () => {
    const w = await worker();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    agent.on('free', (s) => sockets.add(s));
    for (let i = 0; i < 3; i++) {
      const r = await httpCall(`${w.url}/v1/completions`, { prompt: 'a', max_tokens: 2, stream: i % 2 === 0 }, { agent });
      expect(r.status).toBe(200);
    }
    agent.destroy();
    expect(sockets.size).toBe(1);
  });

  it('lists its served model on /v1/models', async () => {
    const w = await worker();
    const r = await httpCall(`${w.url}/v1/models`);
    expect(JSON.parse(r.body)).toMatchObject({ object: 'list', data: [{ id: 'mock-model', object: 'model', owned_by: 'srtctl-mock' }] });
  });

  it('exposes Prometheus counters on /metrics', async () => {
    const w = await worker();
    await httpCall(`${w.url}/v1/completions`, { prompt: 'a b c', max_tokens: 4, ignore_eos: true, stream: true });
    const text = (await httpCall(`${w.url}/metrics`)).body;
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) mock_\w+ .+|mock_\w+\{model_name="mock-model",mode="agg",index="0"\} [0-9.e+-]+)$/);
    expect([metricValue(text, 'mock_requests_total'), metricValue(text, 'mock_prompt_tokens_total'), metricValue(text, 'mock_generation_tokens_total'), metricValue(text, 'mock_running_requests')]).toStrictEqual([1, 3, 4, 0]);
  });

  it('answers /health 503 until the startup delay has passed, then 200', async () => {
    const w = await worker({ startupDelayMs: 300 });
    expect((await httpCall(`${w.url}/health`)).status).toBe(503);
    expect((await httpCall(`${w.url}/v1/completions`, { prompt: 'a' })).status).toBe(503);
    await sleep(350);
    expect((await httpCall(`${w.url}/health`)).status).toBe(200);
  });

  it.each([
    ['a wrong model name', '/v1/completions', { model: 'other', prompt: 'a' }, 404],
    ['invalid JSON', '/v1/completions', '{"prompt": ', 400],
    ['a missing prompt', '/v1/completions', { max_tokens: 3 }, 400],
    ['a negative max_tokens', '/v1/completions', { prompt: 'a', max_tokens: -1 }, 400],
    ['chat without messages', '/v1/chat/completions', { prompt: 'a' }, 400],
    ['an unknown route', '/v1/embeddings', { input: 'a' }, 404],
  ])('rejects %s with an OpenAI error body', async (_name, path, body, status) => {
    const w = await worker();
    const r = await httpCall(`${w.url}${path}`, body);
    expect(r.status).toBe(status);
    expect(JSON.parse(r.body).error.code).toBe(status);
  });

  it('stops a stream when the client goes away', async () => {
    const w = await worker({ itlMs: 5 });
    const ac = new AbortController();
    const call = httpCall(`${w.url}/v1/completions`, { prompt: 'a', max_tokens: 1000, ignore_eos: true, stream: true }, { signal: ac.signal });
    await sleep(50);
    ac.abort();
    await expect(call).rejects.toThrow();
    await eventually(async () => metricValue((await httpCall(`${w.url}/metrics`)).body, 'mock_requests_aborted_total') === 1);
    expect(metricValue((await httpCall(`${w.url}/metrics`)).body, 'mock_running_requests')).toBe(0);
  });

  describe('faults', () => {
    it('crashes with its exit code right after the N-th request', async () => {
      const w = await worker({ faults: { crashAfterRequests: 2, crashExitCode: 7 } });
      expect((await httpCall(`${w.url}/v1/completions`, { prompt: 'a', max_tokens: 2 })).status).toBe(200);
      expect((await httpCall(`${w.url}/v1/completions`, { prompt: 'a', max_tokens: 2 })).status).toBe(200);
      expect(await w.done).toStrictEqual({ code: 7, reason: 'crash after 2 requests' });
      await expect(httpCall(`${w.url}/health`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    });

    it('crashes after T milliseconds with exit code 3 by default', async () => {
      const w = await worker({ faults: { crashAfterMs: 100 } });
      expect(await w.done).toStrictEqual({ code: 3, reason: 'crash after 100 ms' });
    });

    it('never becomes healthy', async () => {
      const w = await worker({ faults: { neverHealthy: true } });
      await sleep(100);
      expect((await httpCall(`${w.url}/health`)).status).toBe(503);
    });

    it.each([
      [1, 500, [500, 500, 500, 500]],
      [0.5, 429, [200, 429, 200, 429]],
    ])('answers a %s share of requests with HTTP %s', async (errorRate, errorStatus, statuses) => {
      const w = await worker({ faults: { errorRate, errorStatus } });
      const got: number[] = [];
      for (let i = 0; i < 4; i++) got.push((await httpCall(`${w.url}/v1/completions`, { prompt: 'a', max_tokens: 1 })).status);
      expect(got).toStrictEqual(statuses);
    });

    it('streams zero tokens: usage says 0 and [DONE] follows', async () => {
      const w = await worker({ faults: { zeroTokens: true } });
      const r = await httpCall(`${w.url}/v1/completions`, { prompt: 'a', max_tokens: 8, ignore_eos: true, stream: true, stream_options: { include_usage: true } });
      expect(r.status).toBe(200);
      expect(r.events.map((e) => e.data).slice(-1)).toStrictEqual(['[DONE]']);
      expect(jsonEvents(r).map((e) => [e['choices'].length, e['usage']?.completion_tokens])).toStrictEqual([[0, 0]]);
    });
  });
});
