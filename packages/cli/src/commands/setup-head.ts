import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { buildHeadServices } from '@srt/backends/plan';
import { type Env, type PlannedProcess, type RuntimeContext, waitForPort } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandHandler } from '../context.ts';
import { createLocalExecutor } from '../orchestrator/local-executor.ts';
import { createLog, type Log } from '../orchestrator/log.ts';
import { createProcessRegistry } from '../orchestrator/process-registry.ts';

export const setupHeadSpec = {
  name: 'setup-head',
  summary: 'Start NATS and etcd on this (head) node, wait for their ports, and watch them until stopped (backends.md §10).',
  flags: {
    name: { type: 'string', value: 'NAME', description: 'Job name (for the logs)', required: true },
    'log-dir': { type: 'string', value: 'DIR', description: 'Where nats.log, etcd.log and their data go', required: true },
    'nats-binary': { type: 'string', value: 'PATH', description: 'nats-server binary (default /configs/nats-server if present, else nats-server on PATH)' },
    'etcd-binary': { type: 'string', value: 'PATH', description: 'etcd binary (default /configs/etcd if present, else etcd on PATH)' },
  },
  examples: ['srtctl setup-head --name demo --log-dir outputs/42/logs'],
} as const satisfies CommandSpec;

/** This node's address: first of `hostname -I`, else `ip route get`'s source, else 127.0.0.1 (backends.md §10 step 2). */
async function localIp(env: Pick<Env, 'exec'>, log: Log): Promise<string> {
  const first = (await env.exec(['hostname', '-I'], { timeoutMs: 5000 }).catch(() => undefined))?.stdout.trim().split(/\s+/)[0];
  if (first && !first.startsWith('127.')) return first;
  const route = (await env.exec(['ip', 'route', 'get', '8.8.8.8'], { timeoutMs: 5000 }).catch(() => undefined))?.stdout.match(/\bsrc (\S+)/)?.[1];
  if (route && !route.startsWith('127.')) return route;
  log.warn('Could not determine local IP, using 127.0.0.1');
  return '127.0.0.1';
}

/** The head's own runtime: one node (this one), containerless, logs and data under `logDir`. */
function headRuntime(name: string, logDir: string, ip: string, cwd: string): RuntimeContext {
  const node = hostname();
  return {
    jobId: 'setup-head', runName: name, nodes: { head: node, bench: node, worker: [node] }, nodeAddrs: new Map([[node, ip]]), headNodeIp: ip,
    cwd, outputDir: dirname(logDir), logDir, modelPath: '', containerImage: '', gpusPerNode: 0, containerMounts: [], containerRuntime: 'none',
    environment: {}, srunOptions: {}, frontendPort: 8000, selfCommand: [], srtctlRoot: cwd, workerPaths: { modelPath: '', logDir }, warnings: [],
  };
}

const orDefault = (given: string | undefined, preferred: string): string | undefined => given ?? (existsSync(preferred) ? preferred : undefined);

/**
 * `srtctl setup-head`: runs NATS (`-js`, 4222) and etcd (2379) as children, waits for both ports
 * on localhost (60 s each), then watches them: exits 1 when one dies, 0 when stopped (SIGTERM/SIGINT),
 * stopping the other either way.
 */
const setupHead: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(setupHeadSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(setupHeadSpec));
    return 0;
  }
  const { env } = ctx;
  const log = createLog(ctx.stdout, { now: env.now });
  const { name } = args.values;
  const logDir = resolve(env.cwd, args.values['log-dir']);
  log.info(`Setting up head node infrastructure for: ${name}`);
  const ip = await localIp(env, log);
  log.info(`Host IP: ${ip}`);
  const services = buildHeadServices(headRuntime(name, logDir, ip, env.cwd), {
    natsBinary: orDefault(args.values['nats-binary'], '/configs/nats-server'),
    etcdBinary: orDefault(args.values['etcd-binary'], '/configs/etcd'),
  });
  return superviseHeadServices(services, { env, log, signal: ctx.signal, cwd: logDir });
};

async function superviseHeadServices(
  services: readonly PlannedProcess[],
  o: { readonly env: Env; readonly log: Log; readonly signal: AbortSignal; readonly cwd: string },
): Promise<number> {
  const { log } = o;
  const stop = new AbortController();
  let failed = false;
  const registry = createProcessRegistry({ log, graceMs: 5000, onFailure: (f) => ((failed = true), log.error(`${f.name} exited with code ${f.exitCode}`), stop.abort()) });
  const onSignal = (): void => (log.info('Received interrupt, shutting down...'), stop.abort());
  o.signal.addEventListener('abort', onSignal, { once: true });
  const executor = createLocalExecutor({ vars: o.env.vars, cwd: o.cwd });
  try {
    for (const service of services) {
      log.info(`Starting ${service.name} server...`);
      const handle = executor.start(service);
      registry.add(service, handle);
      log.info(`${service.name} server started (PID: ${handle.pid}, log: ${service.logFile})`);
    }
    for (const service of services) {
      if (service.readiness.kind !== 'tcp') continue;
      const { port, label } = service.readiness;
      const ready = await waitForPort('127.0.0.1', port, { env: o.env, intervalMs: 500, timeoutMs: 60_000, signal: stop.signal });
      if (!ready.ok) {
        if (stop.signal.aborted) return failed ? 1 : 0;
        log.error(`${label} did not become ready on port ${port}`);
        log.error(`${label} failed to start`);
        return 1;
      }
      log.info(`${label} is ready on port ${port}`);
    }
    log.info('Head node infrastructure is ready');
    log.info('  NATS: nats://localhost:4222');
    log.info('  etcd: http://localhost:2379');
    await new Promise<void>((r) => (stop.signal.aborted ? r() : stop.signal.addEventListener('abort', () => r(), { once: true })));
    return failed ? 1 : 0;
  } finally {
    o.signal.removeEventListener('abort', onSignal);
    await registry.cleanup();
  }
}

export default setupHead;
