/**
 * How many concurrent paced streams one core of mock servers sustains.
 *
 *   node --conditions=@srt/source --import tsx bench/mock/streams.bench.ts \
 *     [--levels 250,500,1000,2000] [--seconds 8] [--warmup 2] [--layout processes|single|direct] [--workers 2] [--osl 200]
 *     [--processes N] [--server-cpus 1] [--client-cpus 0]
 *
 * The script re-executes itself under `bash -c 'ulimit -n <hard>; exec taskset -c 0 node …'`
 * so the load client runs on CPU 0 with enough file descriptors; the servers run on CPU 1:
 *   processes: one `mock frontend` + W `mock worker` processes (bench/mock/serve.ts), each `taskset -c 1`;
 *   single:    frontend + W workers in one process (bench/mock/serve-all.ts), `taskset -c 1`;
 *   direct:    W workers only (`taskset -c 1`), the client talks to them directly (no proxy hop).
 * Each of N client slots (raw node:http, keep-alive agent with unlimited sockets, loopback)
 * streams `--osl` tokens at 10 ms ITL (ignore_eos) and starts a new request as soon as one
 * ends. Slots start spread over one second; gaps are measured after `--warmup` seconds.
 * A "gap" is the time between two token events as received; events that arrive in the same
 * read count as a 0 ms gap, so coalescing shows up as error. Pacing error = the larger of the
 * throughput shortfall (tokens/s received vs N × 100) and |ITL p50 − 10 ms| / 10 ms; a level
 * is sustained ("ok") when it is under 5 % with no failed request.
 * --client http (default) uses node:http with an Agent of unlimited sockets; --client raw
 * uses one keep-alive node:net socket per slot (lighter, so the client is not the limit).
 * --processes N starts every mock server with `--processes N` (node:cluster, one port; set
 * NODE_CLUSTER_SCHED_POLICY=none to let the processes accept themselves instead of the
 * primary dealing connections round-robin); server CPU then sums the whole process tree.
 * --server-cpus / --client-cpus are taskset CPU lists (e.g. 0,1 to share both cores).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ITL_MS = 10;
const RAW_BUFFER = Buffer.alloc(64 * 1024);
const TTFT_MS = 10;
const here = fileURLToPath(new URL('.', import.meta.url));
/** Servers whose processes all listen (`--processes N` logs one line when they do). */
let serversReady = 0;
const { values } = parseArgs({
  options: {
    levels: { type: 'string', default: '250,500,1000,1500,2000' },
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    layout: { type: 'string', default: 'processes' },
    workers: { type: 'string', default: '2' },
    osl: { type: 'string', default: '200' },
    port: { type: 'string', default: '28600' },
    client: { type: 'string', default: 'http' },
    processes: { type: 'string', default: '1' },
    'server-cpus': { type: 'string', default: '1' },
    'client-cpus': { type: 'string', default: '0' },
    url: { type: 'string' },
  },
});

if (process.env['MOCK_BENCH_INNER'] !== '1') {
  const node = [process.execPath, '--conditions=@srt/source', '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)];
  const quoted = node.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('bash', ['-c', `ulimit -n "$(ulimit -Hn)" && exec taskset -c '${(values['client-cpus'] ?? '0').replace(/[^0-9,-]/g, '')}' ${quoted}`], { stdio: 'inherit', env: { ...process.env, MOCK_BENCH_INNER: '1' } });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}

/** `pid` and all its descendants (the processes of a `--processes N` server). */
function processTree(pid: number): number[] {
  let kids: number[] = [];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return [pid, ...kids.flatMap(processTree)];
}

function cpuSeconds(root: number, which: 'all' | 'sys' = 'all'): number {
  let sum = 0;
  for (const pid of processTree(root)) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // utime, stime in clock ticks of 1/100 s
      sum += ((which === 'all' ? Number(fields[11]) : 0) + Number(fields[12])) / 100;
    } catch {
      // ended meanwhile
    }
  }
  return sum;
}

function startServers(layout: string, workers: number, basePort: number): { procs: ChildProcess[]; urls: string[]; healthUrl: string } {
  const watch = (p: ChildProcess): ChildProcess => {
    p.stdout?.on('data', (b: Buffer) => {
      if (process.env['MOCK_BENCH_VERBOSE'] === '1') process.stdout.write(b);
      serversReady += String(b).split('processes serving one port').length - 1;
    });
    return p;
  };
  const node = (script: string, args: string[]) =>
    watch(    spawn('taskset', ['-c', values['server-cpus'] ?? '1', process.execPath, '--conditions=@srt/source', '--import', 'tsx', `${here}${script}`, ...args], { stdio: ['ignore', 'pipe', 'inherit'] }));
  const workerUrls = Array.from({ length: workers }, (_, i) => `http://127.0.0.1:${basePort + 1 + i}`);
  const timing = ['--ttft-ms', String(TTFT_MS), '--itl-ms', String(ITL_MS), '--output-tokens', '1000000', '--processes', values.processes ?? '1'];
  if (layout === 'external') return { procs: [], urls: [values.url ?? 'http://127.0.0.1:8000'], healthUrl: `${values.url ?? 'http://127.0.0.1:8000'}/health` };
  if (layout === 'single') {
    return { procs: [node('serve-all.ts', ['--port', String(basePort), '--workers', String(workers), '--ttft-ms', String(TTFT_MS), '--itl-ms', String(ITL_MS)])], urls: [`http://127.0.0.1:${basePort}`], healthUrl: `http://127.0.0.1:${basePort}/health` };
  }
  const procs = workerUrls.map((_, i) => node('serve.ts', ['worker', '--mode', 'agg', '--index', String(i), '--host', '127.0.0.1', '--port', String(basePort + 1 + i), '--model', 'mock', ...timing]));
  if (layout === 'direct') return { procs, urls: workerUrls, healthUrl: `${workerUrls[0]}/health` };
  procs.push(node('serve.ts', ['frontend', '--format', 'dynamo', '--host', '127.0.0.1', '--port', String(basePort), '--poll-interval-ms', '200', ...workerUrls.flatMap((u) => ['--agg', u]), '--processes', values.processes ?? '1']));
  return { procs, urls: [`http://127.0.0.1:${basePort}`], healthUrl: `http://127.0.0.1:${basePort}/health` };
}

async function waitReady(url: string, instances: number | undefined, procs: readonly ChildProcess[]): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (procs.some((p) => p.exitCode !== null)) throw new Error('a mock server exited before it was ready (port taken? see its stderr above)');
    if (Number(values.processes) > 1 && serversReady < procs.length) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      const r = await fetch(url);
      if (r.status === 200) {
        if (instances === undefined) return;
        const json = (await r.json()) as { instances?: { endpoint: string }[] };
        if ((json.instances ?? []).filter((x) => x.endpoint === 'generate').length >= instances) return;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

interface LevelResult {
  readonly concurrency: number;
  readonly tokensPerS: number;
  readonly meanItl: number;
  readonly p50: number;
  readonly p99: number;
  readonly ttftP50: number;
  readonly ttftP99: number;
  readonly errorPct: number;
  readonly serverCpuPct: number;
  readonly serverSysPct: number;
  readonly clientCpuPct: number;
  readonly failures: number;
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

async function runLevel(n: number, urls: string[], pids: number[], o: { seconds: number; warmup: number; osl: number }): Promise<LevelResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const gaps = new Float64Array(n * Math.ceil((o.seconds * 1000) / ITL_MS) + 1024);
  let nGaps = 0;
  const errors = new Map<string, number>();
  let tokens = 0;
  let failures = 0;
  const t0 = performance.now();
  const measureFrom = t0 + o.warmup * 1000;
  const end = t0 + o.seconds * 1000;
  const body = JSON.stringify({ model: 'mock', prompt: 'hello world', max_tokens: o.osl, ignore_eos: true, stream: true });
  let cpu0 = 0;
  let cpuClient0 = process.cpuUsage();
  let serverCpu = 0;
  let serverSys = 0;
  let sys0 = 0;
  let clientCpu = 0;
  const warm = setTimeout(() => {
    cpu0 = pids.reduce((s, p) => s + cpuSeconds(p), 0);
    sys0 = pids.reduce((s, p) => s + cpuSeconds(p, 'sys'), 0);
    cpuClient0 = process.cpuUsage();
  }, o.warmup * 1000);
  const stop = setTimeout(() => {
    serverCpu = pids.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0;
    serverSys = pids.reduce((s, p) => s + cpuSeconds(p, 'sys'), 0) - sys0;
    const c = process.cpuUsage(cpuClient0);
    clientCpu = (c.user + c.system) / 1e6;
  }, o.seconds * 1000);

  /** Token events in `chunk` (SSE events with a non-empty `choices`). */
  const countTokens = (chunk: Buffer): number => {
    let k = 0;
    for (let i = chunk.indexOf('"choices":[{'); i >= 0; i = chunk.indexOf('"choices":[{', i + 1)) k++;
    return k;
  };
  const ttfts: number[] = [];
  const record = (now: number, k: number, st: { last: number; first: number; count: number; sent: number }): void => {
    if (k > 0 && st.first < 0 && now >= measureFrom && now <= end) ttfts.push(now - st.sent);
    for (let j = 0; j < k; j++) {
      if (st.last >= 0 && now >= measureFrom && now <= end && nGaps < gaps.length) gaps[nGaps++] = j === 0 ? now - st.last : 0;
      if (now >= measureFrom && now <= end) tokens++;
      if (st.first < 0) st.first = now;
      st.last = now;
      st.count++;
    }
  };
  const one = (slot: number): Promise<void> =>
    new Promise((resolve) => {
      const req = request(urls[slot % urls.length] + '/v1/completions', { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
      const st = { last: -1, first: -1, count: 0, sent: performance.now() };
      req.on('error', (e: NodeJS.ErrnoException) => {
        failures++;
        errors.set(e.code ?? e.message, (errors.get(e.code ?? e.message) ?? 0) + 1);
        resolve();
      });
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          failures++;
          errors.set(`HTTP ${res.statusCode}`, (errors.get(`HTTP ${res.statusCode}`) ?? 0) + 1);
        }
        res.on('data', (chunk: Buffer) => record(performance.now(), countTokens(chunk), st));
        res.on('end', () => resolve());
        res.on('error', () => {
          failures++;
          resolve();
        });
      });
      req.end(body);
    });

  /** --client raw: one keep-alive net socket per slot, a hand-written request, reads into a shared buffer. */
  const rawSlot = (i: number): Promise<void> =>
    new Promise((resolve) => {
      const u = new URL(urls[i % urls.length] as string);
      const head = `POST /v1/completions HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      let st = { last: -1, first: -1, count: 0, sent: 0 };
      let tail = '';
      let socket: Socket | undefined = undefined;
      const next = (): void => {
        if (performance.now() >= end) {
          socket?.destroy();
          return resolve();
        }
        st = { last: -1, first: -1, count: 0, sent: performance.now() };
        socket?.write(head);
      };
      socket = connect({
        host: u.hostname,
        port: Number(u.port),
        noDelay: true,
        onread: {
          buffer: RAW_BUFFER,
          callback: (nread: number, buf: Uint8Array): boolean => {
            const chunk = Buffer.from(buf.buffer, buf.byteOffset, nread);
            record(performance.now(), countTokens(chunk), st);
            const text = tail + chunk.toString('latin1', Math.max(0, nread - 16));
            if (text.includes('\r\n0\r\n\r\n')) {
              tail = '';
              next();
            } else tail = text.slice(-8);
            return true;
          },
        },
      });
      socket.on('connect', next);
      socket.on('error', (e: NodeJS.ErrnoException) => {
        failures++;
        errors.set(e.code ?? e.message, (errors.get(e.code ?? e.message) ?? 0) + 1);
        resolve();
      });
    });
  const slot = async (i: number): Promise<void> => {
    await new Promise((r) => setTimeout(r, (i / n) * 1000));
    if (values.client === 'raw') return rawSlot(i);
    while (performance.now() < end) await one(i);
  };
  await Promise.all(Array.from({ length: n }, (_, i) => slot(i)));
  clearTimeout(warm);
  clearTimeout(stop);
  const measured = (end - measureFrom) / 1000;
  agent.destroy();
  if (errors.size > 0) process.stderr.write(`concurrency ${n}: failures ${JSON.stringify(Object.fromEntries(errors))}\n`);
  const sorted = gaps.slice(0, nGaps).sort();
  let gapSum = 0;
  for (let i = 0; i < nGaps; i++) gapSum += gaps[i] as number;
  const meanItl = nGaps > 0 ? gapSum / nGaps : 0;
  return {
    concurrency: n,
    tokensPerS: tokens / measured,
    meanItl,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    ttftP50: percentile(Float64Array.from(ttfts).sort(), 0.5),
    ttftP99: percentile(Float64Array.from(ttfts).sort(), 0.99),
    // Pacing error: the larger of the throughput shortfall and the median gap's distance from the ITL.
    errorPct: Math.max(1 - tokens / measured / (n * (1000 / ITL_MS)), Math.abs(percentile(sorted, 0.5) - ITL_MS) / ITL_MS) * 100,
    serverCpuPct: (serverCpu / measured) * 100,
    serverSysPct: (serverSys / measured) * 100,
    clientCpuPct: (clientCpu / measured) * 100,
    failures,
  };
}

async function main(): Promise<void> {
  const levels = (values.levels ?? '').split(',').map(Number);
  const layout = values.layout ?? 'processes';
  const workers = Number(values.workers);
  const o = { seconds: Number(values.seconds), warmup: Number(values.warmup), osl: Number(values.osl) };
  const affinity = execFileSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' }).trim();
  const { procs, urls, healthUrl } = startServers(layout, workers, Number(values.port));
  try {
    await waitReady(healthUrl, layout === 'direct' || layout === 'external' ? undefined : workers, procs);
    process.stdout.write(`layout ${layout}, ${values.processes} process(es) per server on CPUs ${values['server-cpus']} (cluster policy ${process.env['NODE_CLUSTER_SCHED_POLICY'] ?? 'rr'}), load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}, client ${values.client}, ${workers} worker(s), ITL ${ITL_MS} ms, TTFT ${TTFT_MS} ms, OSL ${o.osl}, ${o.seconds}s per level (${o.warmup}s warm-up); client ${affinity}; ulimit -n ${execFileSync('bash', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()}\n`);
    process.stdout.write('| concurrency | tokens/s (target) | ITL mean ms | ITL p50 ms | ITL p99 ms | TTFT p50 / p99 ms | pacing error % | ok | server CPU % (of it kernel) | client CPU % | failed |\n|---|---|---|---|---|---|---|---|---|---|---|\n');
    for (const n of levels) {
      const r = await runLevel(n, urls, procs.map((p) => p.pid as number), o);
      process.stdout.write(
        `| ${r.concurrency} | ${Math.round(r.tokensPerS)} (${n * (1000 / ITL_MS)}) | ${r.meanItl.toFixed(2)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.ttftP50.toFixed(1)} / ${r.ttftP99.toFixed(1)} | ${r.errorPct.toFixed(1)} | ${r.errorPct < 5 && r.failures === 0 ? 'yes' : 'no'} | ${r.serverCpuPct.toFixed(0)} (${r.serverSysPct.toFixed(0)}) | ${r.clientCpuPct.toFixed(0)} | ${r.failures} |\n`,
      );
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    for (const p of procs) p.kill('SIGTERM');
  }
}
