import { createServer, type Server } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEnv, type PlannedProcess } from '@srt/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalExecutor } from './local-executor.ts';
import type { DiskReserve } from './disk-reserve.ts';
import { runPlan } from './run-plan.ts';
import { captureLog, plannedProcess, testPlan } from './testing/fixtures.ts';
import { isAlive, pidsInGroup } from './testing/processes.ts';

/**
 * A stand-in frontend: `/ready` reports one decode worker, `/never` none, `/starting` answers 503
 * with JSON (a Dynamo frontend without workers), `/bad-gateway` is nginx's 502 page.
 */
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/bad-gateway') {
      res.statusCode = 502;
      res.setHeader('content-type', 'text/html');
      res.end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>');
      return;
    }
    if (req.url === '/starting') res.statusCode = 503;
    const instances = req.url === '/ready' ? [{ endpoint: 'generate', component: 'decode' }] : [];
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: req.url === '/starting' ? 'unhealthy' : 'healthy', instances }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const env = nodeEnv();
const executor = createLocalExecutor({ vars: { PATH: process.env['PATH'] }, cwd: tmpdir() });

async function setup(): Promise<{ dir: string; proc: (name: string, script: string, over?: Partial<PlannedProcess>) => PlannedProcess }> {
  const dir = await mkdtemp(join(tmpdir(), 'srt-run-'));
  const proc = (name: string, script: string, over: Partial<PlannedProcess> = {}): PlannedProcess =>
    plannedProcess({ name, logFile: join(dir, 'logs', `${name}.out`), argv: ['bash', '-c', script], ...over });
  return { dir, proc };
}

/** The local executor, remembering the pid of every process it started. */
function trackingExecutor(): typeof executor & { readonly pids: number[] } {
  const pids: number[] = [];
  return {
    kind: 'local',
    pids,
    command: executor.command,
    start: (p) => {
      const h = executor.start(p);
      pids.push(h.pid);
      return h;
    },
  };
}

describe('runPlan', () => {
  it('stops at once when a critical worker dies, names it and its node, shows its log tail and leaves nothing running', async () => {
    const { dir, proc } = await setup();
    const exec = trackingExecutor();
    const log = captureLog();
    const started = Date.now();
    const result = await runPlan(
      testPlan({
        dir,
        healthUrl: `${base}/never`,
        processes: [
          proc('prefill_0_local-0', 'sleep 30', { mode: 'prefill', index: 0 }),
          proc('decode_0_local-1', 'echo loading weights; sleep 0.3; echo "CUDA error: out of memory"; exit 3', { node: 'local-1', mode: 'decode', index: 0 }),
          proc('frontend_0', 'sleep 30', { role: 'frontend' }),
        ],
      }),
      { executor: exec, env, log, graceMs: 2000 },
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect({ exitCode: result.exitCode, outcome: result.outcome, healthy: result.healthy }).toStrictEqual({ exitCode: 1, outcome: 'process-failed', healthy: false });
    expect(result.failures.map((f) => [f.name, f.node, f.exitCode])).toStrictEqual([['decode_0_local-1', 'local-1', 3]]);
    const report = log.lines.slice(log.lines.indexOf('ERROR FAILURE DETAILS') - 1);
    expect(report.slice(0, 12)).toStrictEqual([
      `ERROR ${'='.repeat(60)}`,
      'ERROR FAILURE DETAILS',
      `ERROR ${'='.repeat(60)}`,
      'ERROR ',
      'ERROR --- Process: decode_0_local-1 ---',
      'ERROR Exit code: 3',
      'ERROR Node: local-1',
      `ERROR Log file: ${join(dir, 'logs', 'decode_0_local-1.out')}`,
      'ERROR ',
      'ERROR Last 50 lines of log:',
      'ERROR   loading weights',
      'ERROR   CUDA error: out of memory',
    ]);
    expect(exec.pids.flatMap((pid) => pidsInGroup(pid))).toStrictEqual([]);
  });

  it('runs the benchmark once the deployment is healthy and exits with its code', async () => {
    const { dir, proc } = await setup();
    const log = captureLog();
    const result = await runPlan(
      testPlan({ dir, healthUrl: `${base}/ready`, processes: [proc('agg_0_local-0', 'sleep 30')], benchmark: proc('benchmark', 'exit 5', { role: 'benchmark' }) }),
      { executor, env, log },
    );
    expect([result.exitCode, result.outcome, result.healthy, result.benchmarkExitCode]).toStrictEqual([5, 'benchmark-failed', true, 5]);
    expect(log.lines).toContain('INFO Server is healthy');
    expect(log.lines).toContain('ERROR Benchmark failed with exit code 5');
    expect(log.lines).not.toContain('ERROR FAILURE DETAILS');
  });

  it('succeeds when the benchmark exits 0, after writing the plan files', async () => {
    const { dir, proc } = await setup();
    const result = await runPlan(
      testPlan({ dir, healthUrl: `${base}/ready`, processes: [proc('agg_0_local-0', 'sleep 30')], benchmark: proc('benchmark', 'test -f ../outputs/local-test/logs/nginx.conf || test -f "$NGINX"', { role: 'benchmark', env: [['NGINX', join(dir, 'outputs/local-test/logs/nginx.conf')]] }) }),
      { executor, env, log: captureLog() },
    );
    expect([result.exitCode, result.outcome, result.summary]).toStrictEqual([0, 'succeeded', 'Benchmark completed successfully']);
  });

  it("logs the plan's warnings in the banner (an hf: model without HF_HOME)", async () => {
    const { dir, proc } = await setup();
    const plan = testPlan({ dir, healthUrl: `${base}/ready`, processes: [proc('agg_0_local-0', 'sleep 30')], benchmark: proc('benchmark', 'true', { role: 'benchmark' }) });
    const log = captureLog();
    await runPlan({ ...plan, deployment: { ...plan.deployment, warnings: ['model.path is hf:Org/M and no HF_HOME is set'] } }, { executor, env, log });
    expect(log.lines).toContain('WARNING model.path is hf:Org/M and no HF_HOME is set');
  });

  it('serves in manual mode until cancelled, then cleans up and exits 1 (orchestrator.md §9)', async () => {
    const { dir, proc } = await setup();
    const exec = trackingExecutor();
    const log = captureLog();
    const cancel = new AbortController();
    const run = runPlan(testPlan({ dir, healthUrl: `${base}/ready`, processes: [proc('agg_0_local-0', 'sleep 30')] }), { executor: exec, env, log, signal: cancel.signal });
    await waitFor(() => log.lines.includes("INFO Benchmark type is 'manual' - server is ready for testing"));
    cancel.abort('SIGTERM');
    const result = await run;
    expect([result.exitCode, result.outcome, result.healthy]).toStrictEqual([1, 'cancelled', true]);
    expect(log.lines).toContain('WARNING Received signal SIGTERM, initiating cleanup...');
    expect(exec.pids.filter(isAlive)).toStrictEqual([]);
  });

  it('ends manual mode with 1 when a worker dies (quirk O2)', async () => {
    const { dir, proc } = await setup();
    const log = captureLog();
    const result = await runPlan(
      testPlan({ dir, healthUrl: `${base}/ready`, processes: [proc('agg_0_local-0', 'sleep 0.8; exit 7')] }),
      { executor, env, log },
    );
    expect([result.exitCode, result.outcome]).toStrictEqual([1, 'process-failed']);
    expect(log.lines).toContain('ERROR Worker failure detected during manual mode');
  });

  it('cancels the health wait on SIGTERM and exits 1', async () => {
    const { dir, proc } = await setup();
    const exec = trackingExecutor();
    const log = captureLog();
    const cancel = new AbortController();
    const run = runPlan(testPlan({ dir, healthUrl: `${base}/never`, processes: [proc('decode_0_local-0', 'sleep 30')] }), { executor: exec, env, log, signal: cancel.signal });
    await waitFor(() => log.lines.some((l) => l.startsWith('INFO Waiting for server health')));
    cancel.abort('SIGTERM');
    const result = await run;
    expect([result.exitCode, result.outcome, result.summary]).toStrictEqual([1, 'cancelled', 'Run cancelled (SIGTERM: srtctl was asked to stop)']);
    expect(log.lines.at(-1)).toBe('INFO Run cancelled (SIGTERM: srtctl was asked to stop) (exit code 1)');
    expect(log.lines).toContain('WARNING Received signal SIGTERM, initiating cleanup...');
    expect(exec.pids.filter(isAlive)).toStrictEqual([]);
  });

  it('fails when the workers never register, naming the phase, the counts, the last answer and the knob', async () => {
    const { dir, proc } = await setup();
    const log = captureLog();
    const result = await runPlan(testPlan({ dir, healthUrl: `${base}/never`, healthTimeoutMs: 300, processes: [proc('decode_0_local-0', 'sleep 30')] }), { executor, env, log });
    expect([result.exitCode, result.outcome, result.summary]).toStrictEqual([1, 'unhealthy', 'Run failed: Workers not registered after 0 s']);
    expect(log.lines).toContain(
      `ERROR SRT_HEALTH_TIMEOUT Workers not registered after 0 s: 0/0 prefill, 0/1 decode (last answer HTTP 200); see the worker logs in ${join(dir, 'outputs/local-test/logs')}; raise health_check.max_attempts (× interval_seconds 0 s)`,
    );
    const health = log.lines.findIndex((l) => l.startsWith('INFO Waiting for server health'));
    expect(log.lines[health - 1]).toBe('INFO Running benchmark');
  });

  it('fails the frontend phase when only a proxy error page answers, with its own budget', async () => {
    const { dir, proc } = await setup();
    const log = captureLog();
    const result = await runPlan(
      testPlan({ dir, healthUrl: `${base}/bad-gateway`, frontendTimeoutMs: 300, processes: [proc('decode_0_local-0', 'sleep 30'), proc('frontend_0', 'sleep 30', { role: 'frontend' })] }),
      { executor, env, log },
    );
    expect([result.exitCode, result.outcome, result.summary]).toStrictEqual([1, 'unhealthy', 'Run failed: Frontend not answering after 0 s']);
    expect(log.lines).toContain(
      `ERROR SRT_HEALTH_TIMEOUT Frontend not answering after 0 s: no frontend answer (only HTTP 502, an error page of the proxy) from ${base}/bad-gateway; see ${join(dir, 'logs', 'frontend_0.out')}; raise health_check.frontend_timeout_seconds`,
    );
  });

  it('counts a 503 with a JSON body as the frontend answering', async () => {
    const { dir, proc } = await setup();
    const log = captureLog();
    const result = await runPlan(testPlan({ dir, healthUrl: `${base}/starting`, frontendTimeoutMs: 300, healthTimeoutMs: 600, processes: [proc('decode_0_local-0', 'sleep 30')] }), { executor, env, log });
    expect(result.summary).toBe('Run failed: Workers not registered after 1 s');
    expect(log.lines.some((l) => l.startsWith('INFO Frontend answering after'))).toBe(true);
    expect(log.lines.find((l) => l.includes('SRT_HEALTH_TIMEOUT'))).toContain('0/0 prefill, 0/1 decode (last answer HTTP 503');
  });

  it('stops a benchmark that outlives benchmark_timeout_seconds and fails the job', async () => {
    const { dir, proc } = await setup();
    const exec = trackingExecutor();
    const log = captureLog();
    const bench = proc('benchmark', 'sleep 30', { role: 'benchmark' });
    const result = await runPlan(testPlan({ dir, healthUrl: `${base}/ready`, benchmarkTimeoutMs: 200, processes: [proc('agg_0_local-0', 'sleep 30')], benchmark: bench }), {
      executor: exec,
      env,
      log,
      graceMs: 2000,
    });
    expect([result.exitCode, result.outcome, result.summary]).toStrictEqual([1, 'benchmark-failed', 'Run failed: Benchmark stopped after health_check.benchmark_timeout_seconds (0 s)']);
    expect(log.lines).toContain(`ERROR SRT_HEALTH_TIMEOUT Benchmark stopped after health_check.benchmark_timeout_seconds (0 s): benchmark on local-0 was still running; see ${bench.logFile}; raise health_check.benchmark_timeout_seconds`);
    expect(exec.pids.filter(isAlive)).toStrictEqual([]);
  });

  it('starts the head services together, waits for them in parallel and starts nothing after a timeout (quirk O1)', async () => {
    const { dir, proc } = await setup();
    const exec = trackingExecutor();
    const log = captureLog();
    const nats = await listeningServer();
    const { port } = nats;
    const etcd = proc('etcd', 'sleep 30', { role: 'head', readiness: { kind: 'tcp', host: '127.0.0.1', port: 9, label: 'etcd' } });
    const processes = [proc('nats', 'sleep 30', { role: 'head', readiness: { kind: 'tcp', host: '127.0.0.1', port, label: 'NATS' } }), etcd, proc('decode_0_local-0', 'sleep 30')];
    const result = await runPlan(testPlan({ dir, healthUrl: `${base}/ready`, processes }), { executor: exec, env, log, readinessTimeoutMs: 300 }).finally(nats.close);
    expect([result.exitCode, result.outcome, result.summary]).toStrictEqual([1, 'unhealthy', 'Run failed: Head services not ready after 0 s']);
    expect(exec.pids).toHaveLength(2);
    expect(exec.pids.filter(isAlive)).toStrictEqual([]);
    const starts = log.lines.filter((l) => /^INFO (Starting (nats|etcd)|Waiting for|NATS is ready)/.test(l));
    expect(starts).toStrictEqual(['INFO Starting nats on local-0', 'INFO Starting etcd on local-0', `INFO Waiting for NATS (port ${port})...`, 'INFO Waiting for etcd (port 9)...', 'INFO NATS is ready']);
    expect(log.lines).toContain(
      `ERROR SRT_HEALTH_TIMEOUT Head services not ready after 0 s: etcd (port 9 on local-0) never accepted a connection — see ${etcd.logFile}; raise health_check.head_services_timeout_seconds (or default_health_check in srtslurm.yaml)`,
    );
  });

  it('SIGKILLs a process that ignores SIGTERM after the grace period', async () => {
    const { dir, proc } = await setup();
    const exec = trackingExecutor();
    const log = captureLog();
    const result = await runPlan(
      testPlan({ dir, healthUrl: `${base}/ready`, processes: [proc('agg_0_local-0', 'trap "" TERM; while :; do sleep 0.05; done')], benchmark: proc('benchmark', 'sleep 0.2', { role: 'benchmark' }) }),
      { executor: exec, env, log, graceMs: 200 },
    );
    expect(result.exitCode).toBe(0);
    expect(log.lines).toContain('WARNING Process agg_0_local-0 did not terminate, killing...');
    expect(exec.pids.filter(isAlive)).toStrictEqual([]);
  });
});

/** A port on 127.0.0.1 that accepts connections until closed. */
async function listeningServer(): Promise<{ readonly port: number; readonly close: () => Promise<void> }> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const addr = s.address();
  return { port: typeof addr === 'object' && addr ? addr.port : 0, close: () => new Promise<void>((r) => s.close(() => r())) };
}

describe('runPlan diagnosis of faults (issue 10)', () => {
  it('names a worker killed by a signal, its node and log, in the last line', async () => {
    const { dir, proc } = await setup();
    const log = captureLog();
    const worker = proc('decode_0_local-1', 'sleep 0.3; kill -9 $$', { node: 'local-1', mode: 'decode', index: 0 });
    const result = await runPlan(testPlan({ dir, healthUrl: `${base}/never`, processes: [worker] }), { executor, env, log, graceMs: 1000 });
    expect([result.outcome, result.summary]).toStrictEqual(['process-failed', `Run failed: decode_0_local-1 on local-1 was killed by SIGKILL (log: ${worker.logFile})`]);
    expect(log.lines.at(-1)).toBe(`INFO ${result.summary} (exit code 1)`);
  });

  it('names the frontend port already taken and the process holding it', async () => {
    const { dir, proc } = await setup();
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    try {
      const log = captureLog();
      const listen = `require('node:net').createServer().listen(${port}, '127.0.0.1')`;
      const frontend = proc('frontend_0', `exec ${JSON.stringify(process.execPath)} -e "${listen}"`, { role: 'frontend' });
      const started = Date.now();
      const result = await runPlan(testPlan({ dir, healthUrl: `${base}/never`, processes: [proc('decode_0_local-0', 'sleep 30'), frontend] }), { executor, env, log, graceMs: 1000 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(result.summary).toBe(`Run failed: frontend_0 on local-0 could not listen: port ${port} is already in use by node (pid ${process.pid}); stop that process or change the port (log: ${frontend.logFile})`);
      expect(log.lines.at(-1)).toBe(`INFO ${result.summary} (exit code 1)`);
    } finally {
      holder.close();
    }
  });

  it('under Slurm names the holder only when the process ran on the node of the orchestrator (SLURMD_NODENAME)', async () => {
    const { dir, proc } = await setup();
    const holder = await listeningServer();
    try {
      const listen = `require('node:net').createServer().listen(${holder.port}, '127.0.0.1')`;
      const slurmish = { ...executor, kind: 'slurm' as const };
      const summaries: string[] = [];
      for (const thisNode of ['local-0', 'gpu-09']) {
        const frontend = proc('frontend_0', `exec ${JSON.stringify(process.execPath)} -e "${listen}"`, { role: 'frontend' });
        const result = await runPlan(testPlan({ dir, healthUrl: `${base}/never`, processes: [frontend] }), { executor: slurmish, env, log: captureLog(), graceMs: 1000, thisNode });
        summaries.push(result.summary.replace(/ \(log: .*\)$/, ''));
      }
      expect(summaries).toStrictEqual([
        `Run failed: frontend_0 on local-0 could not listen: port ${holder.port} is already in use by node (pid ${process.pid}); stop that process or change the port`,
        `Run failed: frontend_0 on local-0 could not listen: port ${holder.port} is already in use; stop that process or change the port`,
      ]);
    } finally {
      await holder.close();
    }
  });

  it('a full disk for the outputs fails the run: the reserve is freed first, then the last lines say SRT_OUTPUT_FAILED, which file, and that the disk is full', async () => {
    const { dir, proc } = await setup();
    const log = captureLog();
    const calls: string[] = [];
    const reserve: DiskReserve = {
      noteWriteError: () => undefined,
      findFull: async () => {
        calls.push('findFull');
        return { message: 'Could not write /o/1/status.json: the disk is full; free space or choose another output directory (results written before it are kept)', file: '/o/1/status.json' };
      },
      release: async () => void calls.push(`release after ${log.lines.length} lines`),
      drop: async () => void calls.push('drop'),
      released: () => calls.some((c) => c.startsWith('release')),
      tracked: (out) => out,
    };
    const worker = proc('decode_0_local-1', 'sleep 0.3; exit 3', { node: 'local-1' });
    const result = await runPlan(testPlan({ dir, healthUrl: `${base}/never`, processes: [worker] }), { executor, env, log, graceMs: 1000, reserve });
    expect([result.exitCode, result.outcome, result.summary]).toStrictEqual([1, 'process-failed', 'Run failed: SRT_OUTPUT_FAILED: the disk of the outputs is full (could not write /o/1/status.json)']);
    const last = log.lines.slice(-3);
    expect(last[0]).toBe('ERROR SRT_OUTPUT_FAILED Could not write /o/1/status.json: the disk is full; free space or choose another output directory (results written before it are kept)');
    expect(last[1]).toMatch(/^ERROR The disk of the outputs is full \(.*\/logs\): lines of this log and files written since it filled may be missing; srtctl deleted its 256 KiB reserve \(\.srtctl-reserve\) to write these last lines and status\.json$/);
    expect(last[2]).toBe(`INFO ${result.summary} (exit code 1)`);
    expect(calls).toStrictEqual(['findFull', `release after ${log.lines.length - 3} lines`]);
  });

  it('says a SIGTERM under Slurm is scancel or the time limit', async () => {
    const { dir, proc } = await setup();
    const log = captureLog();
    const cancel = new AbortController();
    const slurmish = { ...executor, kind: 'slurm' as const };
    const run = runPlan(testPlan({ dir, healthUrl: `${base}/never`, processes: [proc('decode_0_local-0', 'sleep 30')] }), { executor: slurmish, env, log, signal: cancel.signal, graceMs: 1000 });
    await waitFor(() => log.lines.some((l) => l.startsWith('INFO Waiting for server health')));
    cancel.abort('SIGTERM');
    const result = await run;
    expect(log.lines.at(-1)).toBe("INFO Run cancelled (SIGTERM: scancel or the job's time limit) (exit code 1)");
    expect(result.outcome).toBe('cancelled');
  });
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
