import { createServer, type Server } from 'node:net';
import { nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';
import type { Executor } from './executor.ts';
import { createProcessRegistry } from './process-registry.ts';
import type { RunContext } from './run-context.ts';
import { fakeHandle, captureLog, plannedProcess, testPlan } from './testing/fixtures.ts';
import { waitForHeadServices } from './wait-for-head-services.ts';

const executor: Executor = { kind: 'slurm', start: () => fakeHandle(), command: (p) => p.argv };

function context(budgetMs: number, containerRuntime: 'pyxis' | 'none' = 'none'): RunContext & { readonly lines: string[] } {
  const log = captureLog();
  const plan = testPlan({ dir: '/tmp/x', healthUrl: 'http://127.0.0.1:1/health', processes: [] });
  return {
    plan: { ...plan, runtime: { ...plan.runtime, containerRuntime } },
    executor,
    env: nodeEnv(),
    log,
    lines: log.lines,
    registry: createProcessRegistry({ log }),
    stop: new AbortController().signal,
    stopReason: () => undefined,
    readinessTimeoutMs: budgetMs,
    progressEveryMs: 50,
  };
}

async function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

const head = (name: string, label: string, port: number) =>
  plannedProcess({ name, role: 'head', logFile: `/logs/${name}.log`, readiness: { kind: 'tcp', host: '127.0.0.1', port, label } });

describe('waitForHeadServices', () => {
  it('waits for every service in parallel, reports each one every progressEveryMs, then the total', async () => {
    const nats = await listen();
    const etcd = await listen();
    await new Promise<void>((r) => etcd.server.close(() => r()));
    const ctx = context(20_000);
    const late = setTimeout(() => etcd.server.listen(etcd.port, '127.0.0.1'), 300);
    try {
      await waitForHeadServices(ctx, [head('nats', 'NATS', nats.port), head('etcd', 'etcd', etcd.port)], Date.now());
    } finally {
      clearTimeout(late);
      nats.server.close();
      etcd.server.close();
    }
    expect(ctx.lines.slice(0, 3)).toStrictEqual([`INFO Waiting for NATS (port ${nats.port})...`, `INFO Waiting for etcd (port ${etcd.port})...`, 'INFO NATS is ready']);
    // etcd answers no earlier than its second probe, 1 s in; progress lines come every 50 ms.
    expect(ctx.lines.some((l) => /^INFO Head services: NATS ready, etcd waiting \([01] s of 20 s\)$/.test(l))).toBe(true);
    expect(ctx.lines.at(-2)).toBe('INFO etcd is ready');
    expect(ctx.lines.at(-1)).toMatch(/^INFO Head services ready in [12] s \(budget 20 s\)$/);
  });

  it('names every service that never answered, the container import under pyxis, the logs and the knob', async () => {
    const ctx = context(200, 'pyxis');
    const error = await waitForHeadServices(ctx, [head('nats', 'NATS', 9), head('etcd', 'etcd', 9)], Date.now()).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SRT_HEALTH_TIMEOUT',
      message:
        'Head services not ready after 0 s: NATS (port 9 on local-0) never accepted a connection; etcd (port 9 on local-0) never accepted a connection; a cold container import can take longer than 300 s — see /logs/nats.log, /logs/etcd.log; raise health_check.head_services_timeout_seconds (or default_health_check in srtslurm.yaml)',
    });
  });
});
