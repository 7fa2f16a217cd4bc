import { createServer, type Socket } from 'node:net';
import { checkDynamoHealth, checkSglangRouterHealth } from '@srt/core';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, httpCall, jsonEvents, metricValue, sleep, tokenTimes } from './_sse-test-client.ts';
import { startMockFrontend } from './mock-frontend.ts';
import type { MockFrontendOptions, MockServerHandle, MockWorkerOptions } from './mock-options.ts';
import { startMockWorker } from './mock-worker.ts';

const open: MockServerHandle[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function worker(mode: MockWorkerOptions['mode'], index: number, over: Partial<MockWorkerOptions> = {}): Promise<MockServerHandle> {
  const w = await startMockWorker({ mode, index, model: 'm', ttftMs: 5, itlMs: 2, ...over });
  open.push(w);
  return w;
}

async function frontend(opts: Partial<MockFrontendOptions> & Pick<MockFrontendOptions, 'format'>): Promise<MockServerHandle> {
  const f = await startMockFrontend({ prefill: [], decode: [], agg: [], pollIntervalMs: 20, ...opts });
  open.push(f);
  return f;
}

const readiness = async (f: MockServerHandle, format: MockFrontendOptions['format'], expectedPrefill: number, expectedDecode: number) => {
  const r = await httpCall(`${f.url}${format === 'dynamo' ? '/health' : '/workers'}`);
  expect(r.status).toBe(200);
  const json: unknown = JSON.parse(r.body);
  return format === 'dynamo' ? checkDynamoHealth(json, { expectedPrefill, expectedDecode }) : checkSglangRouterHealth(json, { expectedPrefill, expectedDecode });
};

const requestsServed = async (w: MockServerHandle): Promise<number | undefined> => metricValue((await httpCall(`${w.url}/metrics`)).body, 'mock_requests_total');

describe('startMockFrontend', () => {
  it.each(['dynamo', 'sglang-router'] as const)('(%s) goes from not ready to ready as workers come up, and back when one dies', async (format) => {
    const p = await worker('prefill', 0, { startupDelayMs: 150 });
    const d = await worker('decode', 0, { startupDelayMs: 300 });
    const f = await frontend({ format, prefill: [{ url: p.url, bootstrapPort: 31000 }], decode: [d.url] });
    await sleep(60);
    expect(await readiness(f, format, 1, 1)).toMatchObject({ ready: false, message: 'Model is not ready, waiting for 1 prefills and 1 decodes. Have 0 prefills and 0 decodes.' });
    await eventually(async () => (await readiness(f, format, 1, 1)).prefillReady === 1);
    expect(await readiness(f, format, 1, 1)).toMatchObject({ ready: false, prefillReady: 1, decodeReady: 0 });
    await eventually(async () => (await readiness(f, format, 1, 1)).ready);
    expect((await readiness(f, format, 1, 1)).message).toBe('Model is ready. Have 1 prefills and 1 decodes.');
    await d.close();
    await eventually(async () => !(await readiness(f, format, 1, 1)).ready);
    expect(await readiness(f, format, 1, 1)).toMatchObject({ prefillReady: 1, decodeReady: 0 });
  });

  it('registers aggregated workers as Dynamo "backend" instances with generate and clear_kv_blocks endpoints', async () => {
    const a = await worker('agg', 0);
    const f = await frontend({ format: 'dynamo', agg: [a.url] });
    await eventually(async () => (await readiness(f, 'dynamo', 0, 1)).ready);
    const json = JSON.parse((await httpCall(`${f.url}/health`)).body);
    expect(json.status).toBe('healthy');
    expect(json.instances.map((i: Record<string, unknown>) => [i['component'], i['endpoint']])).toStrictEqual([
      ['backend', 'generate'],
      ['backend', 'clear_kv_blocks'],
    ]);
  });

  it('reports aggregated workers as "regular" in the router stats', async () => {
    const a = await worker('agg', 0);
    const b = await worker('agg', 1);
    const f = await frontend({ format: 'sglang-router', agg: [a.url, b.url] });
    await eventually(async () => (await readiness(f, 'sglang-router', 0, 2)).ready);
    const json = JSON.parse((await httpCall(`${f.url}/workers`)).body);
    expect(json.stats).toStrictEqual({ prefill_count: 0, decode_count: 0, regular_count: 2 });
    expect(json.total).toBe(2);
    expect((await readiness(f, 'sglang-router', 0, 2)).message).toBe('Model is ready. Have 0 prefills and 2 decodes. (2 regular workers)');
  });

  it('proxies streams round-robin over the healthy aggregated workers', async () => {
    const a = await worker('agg', 0);
    const b = await worker('agg', 1);
    const f = await frontend({ format: 'dynamo', agg: [a.url, b.url] });
    await eventually(async () => (await readiness(f, 'dynamo', 0, 2)).ready);
    for (let i = 0; i < 4; i++) {
      const r = await httpCall(`${f.url}/v1/completions`, { model: 'm', prompt: 'a b', max_tokens: 6, ignore_eos: true, stream: true, stream_options: { include_usage: true } });
      expect(jsonEvents(r).filter((e) => e['choices'].length > 0)).toHaveLength(6);
      expect(jsonEvents(r).at(-1)?.['usage'].completion_tokens).toBe(6);
      expect(r.events.at(-1)?.data).toBe('[DONE]');
    }
    expect([await requestsServed(a), await requestsServed(b)]).toStrictEqual([2, 2]);
    expect(JSON.parse((await httpCall(`${f.url}/v1/models`)).body).data[0].id).toBe('m');
  });

  it('sends a one-token prefill request to a prefill worker, then streams from a decode worker', async () => {
    const p = await worker('prefill', 0, { ttftMs: 60 });
    const d = await worker('decode', 0, { ttftMs: 20, itlMs: 5 });
    const f = await frontend({ format: 'sglang-router', prefill: [{ url: p.url, bootstrapPort: 31000 }], decode: [d.url] });
    await eventually(async () => (await readiness(f, 'sglang-router', 1, 1)).ready);
    const r = await httpCall(`${f.url}/v1/chat/completions`, { messages: [{ role: 'user', content: 'a b c' }], max_tokens: 10, ignore_eos: true, stream: true, stream_options: { include_usage: true } });
    expect(tokenTimes(r)).toHaveLength(10);
    expect(tokenTimes(r)[0]).toBeGreaterThanOrEqual(60 + 20 - 1);
    const prefillMetrics = (await httpCall(`${p.url}/metrics`)).body;
    expect([metricValue(prefillMetrics, 'mock_requests_total'), metricValue(prefillMetrics, 'mock_generation_tokens_total'), metricValue(prefillMetrics, 'mock_prompt_tokens_total')]).toStrictEqual([1, 1, 3]);
    expect(await requestsServed(d)).toBe(1);
  });

  it('forwards a chunked stream intact when the worker sends it one byte at a time', async () => {
    const sse = ['data: {"choices":[{"index":0,"text":" a"}]}\n\n', 'data: {"choices":[{"index":0,"text":" b"}]}\n\n', 'data: [DONE]\n\n'];
    const body = `${sse.map((e) => `${Buffer.byteLength(e).toString(16)};ext=1\r\n${e}\r\n`).join('')}0\r\nX-Trailer: 1\r\n\r\n`;
    const dribble = async (s: Socket, text: string): Promise<void> => {
      for (const ch of text) {
        s.write(ch);
        await new Promise((r) => setImmediate(r));
      }
    };
    const fake = createServer((s) => {
      let buf = '';
      s.on('data', (d) => {
        buf += d.toString('latin1');
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const isHealth = buf.startsWith('GET /health');
        const len = Number(/content-length: (\d+)/i.exec(buf)?.[1] ?? 0);
        if (buf.length < end + 4 + len) return;
        buf = buf.slice(end + 4 + len);
        if (isHealth) s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        else void dribble(s, `HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n${body}`);
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    try {
      const f = await frontend({ format: 'dynamo', agg: [`http://127.0.0.1:${(fake.address() as { port: number }).port}`] });
      await eventually(async () => (await readiness(f, 'dynamo', 0, 1)).ready);
      const r = await httpCall(`${f.url}/v1/completions`, { prompt: 'a', stream: true });
      expect(r.events.map((e) => e.data)).toStrictEqual(sse.map((e) => e.slice('data: '.length, -2)));
      await f.close();
    } finally {
      fake.close();
    }
  });

  it('answers non-streaming requests through the proxy', async () => {
    const a = await worker('agg', 0);
    const f = await frontend({ format: 'dynamo', agg: [a.url] });
    await eventually(async () => (await readiness(f, 'dynamo', 0, 1)).ready);
    const r = await httpCall(`${f.url}/v1/completions`, { prompt: 'a', max_tokens: 3, ignore_eos: true });
    expect(JSON.parse(r.body).usage).toStrictEqual({ prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 });
  });

  it('answers 503 with a JSON error while no worker is healthy', async () => {
    const d = await worker('agg', 0, { startupDelayMs: 10_000 });
    const f = await frontend({ format: 'dynamo', agg: [d.url] });
    await sleep(60);
    const r = await httpCall(`${f.url}/v1/completions`, { prompt: 'a' });
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body).error.message).toMatchInlineSnapshot(`"no healthy decode/agg worker (0 of 1 workers healthy); wait for the readiness endpoint to report the model ready"`);
  });

  it('answers 502 when the prefill worker fails', async () => {
    const p = await worker('prefill', 0, { faults: { errorRate: 1 } });
    const d = await worker('decode', 0);
    const f = await frontend({ format: 'dynamo', prefill: [{ url: p.url }], decode: [d.url] });
    await eventually(async () => (await readiness(f, 'dynamo', 1, 1)).ready);
    const r = await httpCall(`${f.url}/v1/completions`, { prompt: 'a', stream: true });
    expect(r.status).toBe(502);
    expect(JSON.parse(r.body).error.message).toMatchInlineSnapshot(`"prefill worker 0 answered 500: {"error":{"message":"mock fault: injected error on request 1","type":"server_error","code":500}}"`);
    expect(await requestsServed(d)).toBe(0);
  });

  it('cuts the worker stream when the client goes away', async () => {
    const a = await worker('agg', 0, { itlMs: 5 });
    const f = await frontend({ format: 'dynamo', agg: [a.url] });
    await eventually(async () => (await readiness(f, 'dynamo', 0, 1)).ready);
    const ac = new AbortController();
    const call = httpCall(`${f.url}/v1/completions`, { prompt: 'a', max_tokens: 10_000, ignore_eos: true, stream: true }, { signal: ac.signal });
    await sleep(60);
    ac.abort();
    await expect(call).rejects.toThrow();
    await eventually(async () => metricValue((await httpCall(`${a.url}/metrics`)).body, 'mock_requests_aborted_total') === 1);
  });

  describe('faults', () => {
    it('never reports a worker when told never to be healthy', async () => {
      const a = await worker('agg', 0);
      const f = await frontend({ format: 'dynamo', agg: [a.url], faults: { neverHealthy: true } });
      await sleep(100);
      expect(await readiness(f, 'dynamo', 0, 1)).toMatchObject({ ready: false, decodeReady: 0 });
    });

    it('crashes after N proxied requests', async () => {
      const a = await worker('agg', 0);
      const f = await frontend({ format: 'sglang-router', agg: [a.url], faults: { crashAfterRequests: 1, crashExitCode: 9 } });
      await eventually(async () => (await readiness(f, 'sglang-router', 0, 1)).ready);
      expect((await httpCall(`${f.url}/v1/completions`, { prompt: 'a', max_tokens: 2, stream: true })).status).toBe(200);
      expect(await f.done).toStrictEqual({ code: 9, reason: 'crash after 1 requests' });
    });

    it('crashes after T milliseconds', async () => {
      const f = await frontend({ format: 'dynamo', agg: ['http://127.0.0.1:9'], faults: { crashAfterMs: 50 } });
      expect(await f.done).toStrictEqual({ code: 3, reason: 'crash after 50 ms' });
    });

    it('answers injected errors', async () => {
      const a = await worker('agg', 0);
      const f = await frontend({ format: 'dynamo', agg: [a.url], faults: { errorRate: 1, errorStatus: 503 } });
      await eventually(async () => (await readiness(f, 'dynamo', 0, 1)).ready);
      expect((await httpCall(`${f.url}/v1/completions`, { prompt: 'a' })).status).toBe(503);
      expect(await requestsServed(a)).toBe(0);
    });
  });
});
