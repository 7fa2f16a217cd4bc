import { describe, expect, it } from 'vitest';
import { createProcessRegistry, type ProcessFailure } from './process-registry.ts';
import { captureLog, fakeHandle, plannedProcess } from './testing/fixtures.ts';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('createProcessRegistry', () => {
  it('keeps the name and node of a registered process', () => {
    const registry = createProcessRegistry({ log: captureLog() });
    registry.add(plannedProcess({ name: 'decode_0_n2', node: 'n2' }), fakeHandle());
    expect(registry.get('decode_0_n2')?.process.node).toBe('n2');
    expect(registry.size).toBe(1);
  });

  it('registers several processes in order', () => {
    const registry = createProcessRegistry({ log: captureLog() });
    for (const name of ['nats', 'prefill_0_n1', 'decode_0_n2']) registry.add(plannedProcess({ name }), fakeHandle());
    expect(registry.all().map((r) => r.process.name)).toStrictEqual(['nats', 'prefill_0_n1', 'decode_0_n2']);
  });

  it('records no failure while a critical process runs', async () => {
    const registry = createProcessRegistry({ log: captureLog() });
    registry.add(plannedProcess({ name: 'w' }), fakeHandle());
    await tick();
    expect(registry.failures()).toStrictEqual([]);
  });

  it('reports a critical process that exits with 1 the moment it ends', async () => {
    const seen: ProcessFailure[] = [];
    const log = captureLog();
    const registry = createProcessRegistry({ log, onFailure: (f) => seen.push(f) });
    const handle = fakeHandle();
    registry.add(plannedProcess({ name: 'decode_0_n2', node: 'n2', logFile: '/l/n2_decode_w0.out' }), handle);
    handle.exit({ code: 1, signal: null });
    await tick();
    const expected = { name: 'decode_0_n2', node: 'n2', logFile: '/l/n2_decode_w0.out', exitCode: 1, status: { code: 1, signal: null } };
    expect(seen).toStrictEqual([expected]);
    expect(registry.failures()).toStrictEqual([expected]);
    expect(log.lines).toContain("ERROR Critical process 'decode_0_n2' exited with code 1");
  });

  it.each([
    ['a critical process that exits with 0', true, { code: 0, signal: null }],
    ['a non-critical process that fails', false, { code: 2, signal: null }],
  ] as const)('ignores %s', async (_what, critical, status) => {
    const registry = createProcessRegistry({ log: captureLog() });
    const handle = fakeHandle();
    registry.add(plannedProcess({ name: 'p', critical }), handle);
    handle.exit(status);
    await tick();
    expect(registry.failures()).toStrictEqual([]);
  });

  it('counts a process killed by a signal as exiting with minus the signal number', async () => {
    const registry = createProcessRegistry({ log: captureLog() });
    const handle = fakeHandle();
    registry.add(plannedProcess({ name: 'p' }), handle);
    handle.exit({ code: null, signal: 'SIGKILL' });
    await tick();
    expect(registry.failures().map((f) => f.exitCode)).toStrictEqual([-9]);
  });

  it('replaces a process registered twice under one name, with a warning', async () => {
    const log = captureLog();
    const registry = createProcessRegistry({ log });
    const first = fakeHandle(1);
    registry.add(plannedProcess({ name: 'w' }), first);
    registry.add(plannedProcess({ name: 'w' }), fakeHandle(2));
    first.exit({ code: 3, signal: null });
    await tick();
    expect(registry.get('w')?.handle.pid).toBe(2);
    expect(registry.failures()).toStrictEqual([]);
    expect(log.lines).toContain("WARNING Replacing existing process 'w' in registry");
  });

  it('terminates a running process exactly once, however often cleanup is called', async () => {
    const registry = createProcessRegistry({ log: captureLog() });
    const handle = fakeHandle();
    registry.add(plannedProcess({ name: 'w' }), handle);
    await Promise.all([registry.cleanup(), registry.cleanup()]);
    await registry.cleanup();
    expect(handle.signals).toStrictEqual(['SIGTERM']);
  });

  it('sends SIGTERM to every process in reverse start order before waiting for any', async () => {
    const order: string[] = [];
    const registry = createProcessRegistry({ log: captureLog(), graceMs: 50 });
    for (const name of ['nats', 'etcd', 'prefill_0', 'decode_0', 'frontend_0']) {
      const handle = fakeHandle();
      handle.ignoreTerm = true;
      const terminate = handle.terminate.bind(handle);
      registry.add(plannedProcess({ name }), { ...handle, terminate: () => (order.push(name), terminate()) });
    }
    await registry.cleanup();
    expect(order).toStrictEqual(['frontend_0', 'decode_0', 'prefill_0', 'etcd', 'nats']);
  });

  it('kills what is still running after the grace period, and only that', async () => {
    const log = captureLog();
    const registry = createProcessRegistry({ log, graceMs: 50, killWaitMs: 50 });
    const polite = fakeHandle(1);
    const stubborn = fakeHandle(2);
    stubborn.ignoreTerm = true;
    registry.add(plannedProcess({ name: 'polite' }), polite);
    registry.add(plannedProcess({ name: 'stubborn' }), stubborn);
    await registry.cleanup();
    expect([polite.signals, stubborn.signals]).toStrictEqual([['SIGTERM'], ['SIGTERM', 'SIGKILL']]);
    expect(log.lines).toContain('WARNING Process stubborn did not terminate, killing...');
  });

  it('records no failure for processes that die during cleanup', async () => {
    const registry = createProcessRegistry({ log: captureLog() });
    registry.add(plannedProcess({ name: 'w' }), fakeHandle());
    await registry.cleanup();
    expect(registry.failures()).toStrictEqual([]);
  });

  it('leaves processes that already ended alone at cleanup', async () => {
    const registry = createProcessRegistry({ log: captureLog() });
    const handle = fakeHandle();
    registry.add(plannedProcess({ name: 'w', critical: false }), handle);
    handle.exit({ code: 0, signal: null });
    await tick();
    await registry.cleanup();
    expect(handle.signals).toStrictEqual([]);
  });
});
