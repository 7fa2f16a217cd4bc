import { performance } from 'node:perf_hooks';
import { outputLength, parseCompletionRequest, type CompletionRequest } from './completion-request.ts';
import { errorBody, isInjectedError, urlHost, type MockServerHandle, type MockWorkerOptions } from './mock-options.ts';
import { createOpenAiEvents, DONE_EVENT, TOKEN_TEXT_PERIOD, type OpenAiEvents } from './openai-events.ts';
import { createRawHttpServer, frameChunk, LAST_CHUNK, type RawRequest, type RawResponse } from './raw-http.ts';
import { listenServer } from './server-lifecycle.ts';
import { createTokenScheduler, type ScheduledTask, type TokenScheduler } from './token-scheduler.ts';
import { createWorkerStats, renderWorkerMetrics, type WorkerStats } from './worker-metrics.ts';

/** Everything a running stream needs from its worker. */
interface StreamContext {
  readonly scheduler: TokenScheduler;
  readonly stats: WorkerStats;
  readonly chunkTokens: number;
  readonly chunkIntervalMs: number;
  readonly finished: (ok: boolean) => void;
}

/** One streamed answer: chunk k leaves at `start + ttft + k × tokensPerChunk × itl`. */
class TokenStream implements ScheduledTask {
  private sent = 0;
  private due: number;
  private over = false;
  /** Framed middle chunks by `from % TOKEN_TEXT_PERIOD`: built once per request, then reused. */
  private readonly framed: (string | undefined)[] = [];
  private readonly start: number;
  private readonly ctx: StreamContext;
  private readonly res: RawResponse;
  private readonly events: OpenAiEvents;
  private readonly total: number;
  private readonly finish: 'length' | 'stop';
  private readonly req: CompletionRequest;

  constructor(o: { ctx: StreamContext; res: RawResponse; events: OpenAiEvents; total: number; finish: 'length' | 'stop'; req: CompletionRequest; start: number; ttftMs: number }) {
    this.ctx = o.ctx;
    this.res = o.res;
    this.events = o.events;
    this.total = o.total;
    this.finish = o.finish;
    this.req = o.req;
    this.start = o.start;
    this.due = o.start + o.ttftMs;
    o.res.onAbort(() => this.end(false));
    o.res.startChunked(200, 'text/event-stream');
    o.ctx.scheduler.at(this.due, this);
  }

  run(now: number): void {
    if (this.over) return;
    const stats = this.ctx.stats;
    const late = now - this.due;
    stats.latenessSumMs += late;
    if (late > stats.latenessMaxMs) stats.latenessMaxMs = late;
    stats.chunks++;
    if (this.sent === 0) {
      stats.ttftSumMs += now - this.start;
      stats.ttftCount++;
    }
    const count = Math.min(this.ctx.chunkTokens, this.total - this.sent);
    const from = this.sent;
    this.sent += count;
    stats.generatedTokens += count;
    if (this.sent < this.total) {
      // Chunk 0 differs (chat names the role there); later full chunks repeat with the text period.
      const key = from === 0 ? -1 : from % TOKEN_TEXT_PERIOD;
      let chunk = key < 0 ? undefined : this.framed[key];
      if (chunk === undefined) {
        chunk = frameChunk(this.events.tokens(from, count, null));
        if (key >= 0) this.framed[key] = chunk;
      }
      this.res.write(chunk);
      this.due += this.ctx.chunkIntervalMs;
      this.ctx.scheduler.at(this.due, this);
      return;
    }
    let tail = count > 0 ? frameChunk(this.events.tokens(from, count, this.finish)) : '';
    if (this.req.includeUsage) tail += frameChunk(this.events.usage(this.req.promptTokens, this.total));
    this.res.end(`${tail}${frameChunk(DONE_EVENT)}${LAST_CHUNK}`);
    this.end(true);
  }

  private end(ok: boolean): void {
    if (this.over) return;
    this.over = true;
    this.ctx.finished(ok);
  }
}

/**
 * Starts a mock worker: an OpenAI-compatible HTTP server that loads nothing and emits
 * tokens on an exact schedule (see `docs/mock-backend.md`).
 *
 * @example
 * const w = await startMockWorker({ mode: 'agg', index: 0, model: 'Qwen3-32B', ttftMs: 20, itlMs: 10 });
 * await fetch(`${w.url}/v1/completions`, { method: 'POST', body: JSON.stringify({ prompt: 'hi', max_tokens: 8 }) });
 * await w.close();
 */
export async function startMockWorker(opts: MockWorkerOptions): Promise<MockServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  const ttftMs = opts.ttftMs ?? 50;
  const itlMs = opts.itlMs ?? 10;
  const chunkTokens = Math.max(1, opts.tokensPerChunk ?? 1);
  const natural = opts.outputTokens ?? 128;
  const faults = opts.faults ?? {};
  const log = opts.log ?? (() => {});
  const name = `mock ${opts.mode} worker ${opts.index}`;
  const stats = createWorkerStats();
  const scheduler = createTokenScheduler();
  const totals = opts.link?.shareStats?.(stats);
  const created = Math.floor(Date.now() / 1000);
  let healthy = false;

  const crash = (reason: string): void => {
    log(`${name}: fault: ${reason}; exiting with code ${faults.crashExitCode ?? 3}`);
    void life.stop(faults.crashExitCode ?? 3, reason);
  };
  const ctx: StreamContext = {
    scheduler,
    stats,
    chunkTokens,
    chunkIntervalMs: chunkTokens * itlMs,
    finished(ok) {
      stats.running--;
      if (!ok) {
        stats.aborted++;
        return;
      }
      opts.link?.completed?.();
      if (++stats.completed === faults.crashAfterRequests) setImmediate(() => crash(`crash after ${stats.completed} requests`));
    },
  };

  function complete(kind: 'completion' | 'chat', req: RawRequest, res: RawResponse): void {
    stats.requests++;
    if (isInjectedError(stats.requests, faults.errorRate)) {
      stats.injectedErrors++;
      return res.json(faults.errorStatus ?? 500, errorBody(faults.errorStatus ?? 500, `mock fault: injected error on request ${stats.requests}`));
    }
    if (stats.requests === faults.freezeAfterRequests) {
      setTimeout(() => {
        log(`${name}: fault: freezing (SIGSTOP) after ${faults.freezeAfterRequests} requests`);
        process.kill(process.pid, 'SIGSTOP');
      }, 100);
    }
    const parsed = parseCompletionRequest(kind, req.body.toString('utf8'));
    if (!parsed.ok) {
      stats.badRequests++;
      return res.json(400, errorBody(400, parsed.message));
    }
    const r = parsed.request;
    if (r.model !== undefined && r.model !== opts.model) {
      stats.badRequests++;
      return res.json(404, errorBody(404, `The model '${r.model}' does not exist; this worker serves '${opts.model}'.`));
    }
    const { tokens, finishReason } = outputLength(r, natural);
    const total = faults.zeroTokens === true ? 0 : tokens;
    const events = createOpenAiEvents(kind, stats.requests, opts.model, created);
    const start = performance.now();
    stats.running++;
    stats.promptTokens += r.promptTokens;
    if (r.stream) {
      new TokenStream({ ctx, res, events, total, finish: finishReason, req: r, start, ttftMs });
      return;
    }
    let over = false;
    res.onAbort(() => {
      if (!over) ctx.finished(false);
      over = true;
    });
    scheduler.at(start + ttftMs + Math.max(0, total - 1) * itlMs, {
      run() {
        if (over) return;
        over = true;
        stats.generatedTokens += total;
        res.json(200, events.full(total, finishReason, r.promptTokens));
        ctx.finished(true);
      },
    });
  }

  const server = createRawHttpServer((req, res) => {
    const isGet = req.method === 'GET' || req.method === 'HEAD';
    if (req.path === '/health' && isGet) {
      return healthy ? res.json(200, { status: 'ok' }) : res.json(503, { status: 'starting', message: `${name} is not healthy yet` });
    }
    if (req.path === '/metrics' && isGet) {
      const labels = { model: opts.model, mode: opts.mode, index: opts.index };
      if (totals === undefined) return res.send(200, 'text/plain; version=0.0.4', renderWorkerMetrics(stats, labels, healthy));
      // One of several processes on this port: the counters of all of them, so a scrape sees one worker.
      return void totals().then((all) => res.send(200, 'text/plain; version=0.0.4', renderWorkerMetrics(all, labels, healthy)));
    }
    if (!healthy) return res.json(503, errorBody(503, `${name} is still starting; wait for /health to answer 200`));
    if (req.path === '/v1/models' && isGet) {
      return res.json(200, { object: 'list', data: [{ id: opts.model, object: 'model', created, owned_by: 'srtctl-mock', root: opts.model }] });
    }
    const kind = req.path === '/v1/completions' ? 'completion' : req.path === '/v1/chat/completions' ? 'chat' : undefined;
    if (kind === undefined) return res.json(404, errorBody(404, `no route for ${req.method} ${req.path}`));
    if (req.method !== 'POST') return res.json(405, errorBody(405, `${req.path} takes POST`));
    complete(kind, req, res);
  });
  const life = await listenServer(server, host, opts.port ?? 0);
  life.onStop(() => scheduler.close());
  const url = `http://${urlHost(host)}:${life.port}`;
  log(`${name} listening on ${url} (model ${opts.model}, ttft ${ttftMs} ms, itl ${itlMs} ms)`);
  if (faults.neverHealthy === true) log(`${name}: fault: never becomes healthy`);
  else {
    life.after(opts.startupDelayMs ?? 0, () => {
      healthy = true;
      log(`${name} healthy`);
    });
  }
  if (faults.crashAfterMs !== undefined) life.after(faults.crashAfterMs, () => crash(`crash after ${faults.crashAfterMs} ms`));
  return { url, port: life.port, done: life.done, close: () => life.stop(0, 'closed') };
}
