import { errorBody, isInjectedError, urlHost, type MockFrontendOptions, type MockServerHandle } from './mock-options.ts';
import { createRawHttpServer, statusLine, type RawRequest, type RawResponse } from './raw-http.ts';
import { renderDynamoHealth, renderRouterWorkers, type WorkerView } from './readiness-formats.ts';
import { listenServer } from './server-lifecycle.ts';
import { UpstreamPool } from './upstream.ts';
import { pollWorkerHealth, type PolledWorker } from './worker-health.ts';

interface WorkerState extends PolledWorker {
  readonly bootstrapPort: number | undefined;
}

const PROXIED = new Set(['/v1/completions', '/v1/chat/completions']);

/**
 * Starts a mock frontend: polls its workers' `/health`, answers the readiness endpoint in
 * the real format (Dynamo `GET /health` or SGLang router `GET /workers`), and proxies
 * OpenAI requests round-robin to healthy decode/agg workers, sending a `max_tokens: 1`
 * prefill request to a prefill worker first when the deployment is disaggregated.
 *
 * @example
 * const f = await startMockFrontend({ format: 'dynamo', prefill: [], decode: [], agg: [worker.url], pollIntervalMs: 200 });
 */
export async function startMockFrontend(opts: MockFrontendOptions): Promise<MockServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  const faults = opts.faults ?? {};
  const log = opts.log ?? (() => {});
  const pollMs = opts.pollIntervalMs ?? 1000;
  const state = (role: WorkerView['role'], index: number, url: string, bootstrapPort?: number): WorkerState => ({
    role, index, url: url.replace(/\/+$/, ''), bootstrapPort, pool: new UpstreamPool(url), healthy: false,
  });
  const workers: readonly WorkerState[] = [
    ...opts.prefill.map((p, i) => state('prefill', i, p.url, p.bootstrapPort)),
    ...opts.decode.map((u, i) => state('decode', i, u)),
    ...opts.agg.map((u, i) => state('agg', i, u)),
  ];
  const disaggregated = workers.some((w) => w.role === 'prefill');
  const rr = { prefill: 0, serve: 0 };
  let received = 0;
  let completed = 0;

  const pick = (roles: readonly WorkerView['role'][], key: 'prefill' | 'serve'): WorkerState | undefined => {
    const up = workers.filter((w) => w.healthy && roles.includes(w.role));
    return up.length === 0 ? undefined : up[rr[key]++ % up.length];
  };
  const unavailable = (res: RawResponse, what: string): void => {
    const up = workers.filter((w) => w.healthy).length;
    res.json(503, errorBody(503, `no healthy ${what} worker (${up} of ${workers.length} workers healthy); wait for the readiness endpoint to report the model ready`));
  };
  const crash = (reason: string): void => {
    log(`mock frontend: fault: ${reason}; exiting with code ${faults.crashExitCode ?? 3}`);
    void life.stop(faults.crashExitCode ?? 3, reason);
  };

  function readiness(): unknown {
    const view = faults.neverHealthy === true ? [] : workers;
    return opts.format === 'dynamo' ? renderDynamoHealth(view, opts.engine) : renderRouterWorkers(view);
  }

  /** Pipes the worker's response to the client as it arrives. */
  function forward(target: WorkerState, req: RawRequest, res: RawResponse, onEnd: () => void): void {
    const cut = target.pool.request(req.method, req.path, req.body, {
      head(status, contentType, framing) {
        const len = framing.chunked ? 'Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n' : `Content-Length: ${framing.length}\r\n`;
        res.write(`${statusLine(status)}Content-Type: ${contentType}\r\n${len}Connection: ${res.keepAlive ? 'keep-alive' : 'close'}\r\n\r\n`);
      },
      body: (bytes) => res.write(bytes),
      end() {
        res.end();
        onEnd();
      },
      error(message, headSent) {
        if (headSent) res.destroy();
        else res.json(502, errorBody(502, `${target.role} worker ${target.index} (${target.url}) failed: ${message}`));
      },
    });
    res.onAbort(cut);
  }

  async function prefillThenDecode(req: RawRequest, res: RawResponse, onEnd: () => void): Promise<void> {
    const decode = pick(['decode', 'agg'], 'serve');
    if (decode === undefined) return unavailable(res, 'decode');
    const prefill = pick(['prefill'], 'prefill');
    if (prefill === undefined) return unavailable(res, 'prefill');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return res.json(400, errorBody(400, 'request body is not valid JSON'));
    }
    const { stream_options: _so, max_completion_tokens: _mct, ...rest } = body;
    const prefillBody = Buffer.from(JSON.stringify({ ...rest, stream: false, max_tokens: 1 }));
    try {
      const r = await prefill.pool.fetch('POST', req.path, prefillBody);
      if (r.status !== 200) {
        return res.json(r.status >= 500 ? 502 : r.status, errorBody(r.status >= 500 ? 502 : r.status, `prefill worker ${prefill.index} answered ${r.status}: ${r.body.toString('utf8').trim()}`));
      }
    } catch (e) {
      return res.json(502, errorBody(502, `prefill worker ${prefill.index} (${prefill.url}) failed: ${(e as Error).message}`));
    }
    if (!res.open) return;
    forward(decode, req, res, onEnd);
  }

  function completion(req: RawRequest, res: RawResponse): void {
    received++;
    if (isInjectedError(received, faults.errorRate)) {
      return res.json(faults.errorStatus ?? 500, errorBody(faults.errorStatus ?? 500, `mock frontend fault: injected error on request ${received}`));
    }
    const onEnd = (): void => {
      opts.link?.completed?.();
      if (++completed === faults.crashAfterRequests) setImmediate(() => crash(`crash after ${completed} requests`));
    };
    if (disaggregated) return void prefillThenDecode(req, res, onEnd);
    const target = pick(['decode', 'agg'], 'serve');
    if (target === undefined) return unavailable(res, 'decode/agg');
    forward(target, req, res, onEnd);
  }

  const server = createRawHttpServer((req, res) => {
    const isGet = req.method === 'GET' || req.method === 'HEAD';
    if (isGet && opts.format === 'dynamo' && req.path === '/health') return res.json(200, readiness());
    if (isGet && opts.format === 'sglang-router' && req.path === '/workers') return res.json(200, readiness());
    if (isGet && req.path === '/health') {
      // trtllm-serve disaggregated answers 200 with an empty body: clients must not parse it (engines.md §10.2).
      if (opts.format === 'trtllm-serve') {
        const ready = workers.some((w) => w.healthy && w.role !== 'prefill') && workers.filter((w) => w.role === 'prefill').every((w) => w.healthy) && faults.neverHealthy !== true;
        return ready ? res.send(200, 'text/plain', '') : res.json(503, { status: 'unhealthy' });
      }
      const up = workers.some((w) => w.healthy && w.role !== 'prefill') && faults.neverHealthy !== true;
      return res.json(up ? 200 : 503, { status: up ? 'healthy' : 'unhealthy' });
    }
    if (isGet && req.path === '/v1/models') {
      const target = pick(['decode', 'agg'], 'serve');
      return target === undefined ? unavailable(res, 'decode/agg') : forward(target, req, res, () => {});
    }
    if (!PROXIED.has(req.path)) return res.json(404, errorBody(404, `no route for ${req.method} ${req.path}`));
    if (req.method !== 'POST') return res.json(405, errorBody(405, `${req.path} takes POST`));
    completion(req, res);
  });
  const life = await listenServer(server, host, opts.port ?? 0);
  const url = `http://${urlHost(host)}:${life.port}`;
  log(`mock frontend (${opts.format}) listening on ${url} for ${opts.prefill.length} prefill, ${opts.decode.length} decode, ${opts.agg.length} agg workers`);
  if (faults.neverHealthy === true) log('mock frontend: fault: never reports a worker');
  if (faults.crashAfterMs !== undefined) life.after(faults.crashAfterMs, () => crash(`crash after ${faults.crashAfterMs} ms`));

  if (opts.link?.workerHealth !== undefined) {
    opts.link.workerHealth((healthy) => workers.forEach((w, i) => (w.healthy = healthy[i] === true)));
  } else {
    const poller = pollWorkerHealth(workers, {
      pollMs,
      log: (line) => {
        if (!life.stopped) log(line);
      },
    });
    life.onStop(() => poller.stop());
  }
  life.onStop(() => workers.forEach((w) => w.pool.close()));
  return { url, port: life.port, done: life.done, close: () => life.stop(0, 'closed') };
}
