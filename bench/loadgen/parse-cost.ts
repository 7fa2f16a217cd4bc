/**
 * CPU cost of sa-bench's per-token parsing (HTTP chunked + SSE + event scan + bookkeeping),
 * without sockets: one StreamConnection fed mockllm.c's exact bytes through a fake transport.
 * Usage: node --conditions=@srt/source --import tsx bench/loadgen/parse-cost.ts
 */
import { performance } from 'node:perf_hooks';
import type { IoSink } from '../../packages/benchmarks/src/loadgen/connection-io.ts';
import { StreamConnection } from '../../packages/benchmarks/src/loadgen/stream-connection.ts';

const TOKEN = 'data: {"id":"x","object":"text_completion","created":0,"model":"m","choices":[{"index":0,"text":" w1","logprobs":null,"finish_reason":null}]}\n\n';
const chunk = (s: string): Buffer => Buffer.from(`${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`);
const HEAD = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n');
const TOK = chunk(TOKEN);
const END = Buffer.concat([chunk('data: {"choices":[],"usage":{"completion_tokens":128}}\n\ndata: [DONE]\n\n'), Buffer.from('0\r\n\r\n')]);
const OSL = 128;
// All reads land in one shared buffer, as with the real transports.
const shared = Buffer.alloc(1 << 16);

let sink: IoSink | undefined;
const conn = new StreamConnection((s) => {
  sink = s;
  return { write: () => 0, destroy: () => {} };
}, { outputTokens: 0 });

async function oneRequest(t0: number): Promise<void> {
  const done = conn.request(Buffer.from('x'));
  const s = sink as IoSink;
  HEAD.copy(shared, 0);
  s.onData(shared, 0, HEAD.length, t0);
  for (let k = 0; k < OSL - 1; k++) {
    TOK.copy(shared, 0);
    s.onData(shared, 0, TOK.length, t0 + k * 10);
  }
  END.copy(shared, 0);
  s.onData(shared, 0, END.length, t0 + OSL * 10);
  const o = await done;
  if (!o.success) throw new Error(o.error);
}

for (let round = 0; round < 5; round++) {
  const n = 4000;
  const t = performance.now();
  for (let r = 0; r < n; r++) await oneRequest(r);
  const ms = performance.now() - t;
  console.log(`round ${round}: ${((ms * 1e6) / (n * OSL)).toFixed(0)} ns per token`);
}
