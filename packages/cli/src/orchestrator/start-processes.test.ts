import { nodeEnv, type PlannedProcess } from '@srt/core';
import { describe, expect, it } from 'vitest';
import type { Executor } from './executor.ts';
import { createProcessRegistry } from './process-registry.ts';
import type { RunContext, RunnablePlan } from './run-context.ts';
import { startOne, startProcesses } from './start-processes.ts';
import { captureLog, fakeHandle, plannedProcess, testPlan } from './testing/fixtures.ts';

const executor: Executor = { kind: 'slurm', start: () => fakeHandle(), command: (p) => ['srun', ...p.argv] };

function context(plan: RunnablePlan): RunContext & { readonly lines: string[] } {
  const log = captureLog();
  return {
    plan,
    executor,
    env: nodeEnv(),
    log,
    lines: log.lines,
    registry: createProcessRegistry({ log }),
    stop: new AbortController().signal,
    stopReason: () => undefined,
    readinessTimeoutMs: 1000,
    progressEveryMs: 1000,
  };
}

const withTopology = (processes: readonly PlannedProcess[], nginxNode: string | undefined, frontendNodes: readonly string[]): RunnablePlan => {
  const plan = testPlan({ dir: '/tmp/x', healthUrl: 'http://127.0.0.1:1/health', processes });
  const usesNginx = nginxNode !== undefined;
  return {
    ...plan,
    deployment: { ...plan.deployment, frontendTopology: { nginxNode, frontendNodes, frontendPort: usesNginx ? 8080 : 8000, publicPort: 8000, usesNginx } },
  };
};

describe('startOne', () => {
  it('logs the environment sorted by key, then the command and the log file', () => {
    const ctx = context(withTopology([], undefined, ['n1']));
    startOne(ctx, plannedProcess({ name: 'decode_0_n1', argv: ['python3', '-m', 'x', '--flag', 'a b'], env: [['ZETA', '1'], ['ALPHA', '2'], ['MID', '3']], logFile: '/l/n1_decode_w0.out' }));
    expect(ctx.lines.filter((l) => !l.startsWith('DEBUG'))).toStrictEqual([
      'INFO Env: ALPHA=2 MID=3 ZETA=1',
      "INFO Command: python3 -m x --flag 'a b'",
      'INFO Log: /l/n1_decode_w0.out',
    ]);
  });
});

describe('startProcesses', () => {
  it('logs the stages, the frontend topology with nginx, and each frontend the way the reference names it', async () => {
    const frontend = (name: string, node: string, index: number) => plannedProcess({ name, node, index, role: 'frontend' });
    const ctx = context(
      withTopology(
        [
          plannedProcess({ name: 'prefill_0_n1', node: 'n1', mode: 'prefill', index: 0 }),
          plannedProcess({ name: 'decode_0_n2', node: 'n2', mode: 'decode', index: 0 }),
          plannedProcess({ name: 'nginx', node: 'n1', role: 'nginx' }),
          frontend('frontend_0', 'n2', 0),
          frontend('sglang_router_1', 'n3', 1),
        ],
        'n1',
        ['n2', 'n3'],
      ),
    );
    await startProcesses(ctx);
    expect(ctx.lines.filter((l) => /^INFO (Start|Frontend)/.test(l))).toStrictEqual([
      'INFO Starting backend workers',
      'INFO Starting prefill worker 0 on n1',
      'INFO Starting decode worker 0 on n2',
      'INFO Started 2 worker processes',
      'INFO Starting frontend layer',
      "INFO Frontend topology: nginx on n1, 2 frontends on ['n2', 'n3']",
      'INFO Starting nginx on n1',
      'INFO Starting dynamo frontend 0 on n2',
      'INFO Starting sglang-router 1 on n3',
    ]);
  });

  it('has no topology line without nginx', async () => {
    const ctx = context(withTopology([plannedProcess({ name: 'frontend_0', node: 'n1', index: 0, role: 'frontend' })], undefined, ['n1']));
    await startProcesses(ctx);
    expect(ctx.lines.filter((l) => /^INFO (Start|Frontend)/.test(l))).toStrictEqual(['INFO Starting frontend layer', 'INFO Starting dynamo frontend 0 on n1']);
  });
});

describe('start gates (engines.md §4.7, §5.3)', () => {
  const gated = (url: string): RunnablePlan => {
    const plan = withTopology(
      [plannedProcess({ name: 'prefill_0_n1', node: 'n1', mode: 'prefill', index: 0 }), plannedProcess({ name: 'trtllm_serve_orchestrator', node: 'n1', role: 'frontend', index: 0 })],
      undefined,
      ['n1'],
    );
    const gates = [{ label: 'trtllm-serve worker w1', url, before: ['trtllm_serve_orchestrator'], failure: 'trtllm-serve worker w1 did not become healthy' }];
    return { ...plan, deployment: { ...plan.deployment, gates, health: { ...plan.deployment.health, intervalMs: 10, timeoutMs: 200 } } };
  };

  it('starts a gated process only after its /health answered 200', async () => {
    const ctx = context(gated('http://w1/health'));
    let polls = 0;
    const env = { ...ctx.env, fetch: async () => new Response(null, { status: ++polls < 3 ? 503 : 200 }) };
    await startProcesses({ ...ctx, env } as RunContext);
    const lines = ctx.lines.filter((l) => l.startsWith('INFO'));
    expect(lines).toContain('INFO Starting trtllm-serve orchestrator 0 on n1');
    expect(lines.indexOf('INFO trtllm-serve worker w1 is ready')).toBeLessThan(lines.indexOf('INFO Starting trtllm-serve orchestrator 0 on n1'));
    expect(polls).toBe(3);
  });

  it('fails with the gate message when the deadline passes, and never starts the gated process', async () => {
    const ctx = context(gated('http://w1/health'));
    const env = { ...ctx.env, fetch: async () => new Response(null, { status: 503 }) };
    await expect(startProcesses({ ...ctx, env } as RunContext)).rejects.toThrow('trtllm-serve worker w1 did not become healthy');
    expect(ctx.lines).not.toContain('INFO Starting trtllm-serve orchestrator 0 on n1');
  });
});

describe('a step that runs to completion (the hf: model pre-download, engines.md §7)', () => {
  const steps = (timeoutMs = 60_000): RunnablePlan =>
    withTopology(
      [
        plannedProcess({ name: 'model_download', node: 'n1', role: 'download', argv: ['bash', '-c', 'x', 'model_download', 'Org/M'], runsToCompletion: { timeoutMs } }),
        plannedProcess({ name: 'decode_0_n1', node: 'n1', mode: 'decode', index: 0 }),
      ],
      undefined,
      ['n1'],
    );
  /** A context whose executor hands out handles the test ends, and whose registry stops the run on a failure. */
  function stepContext(plan: RunnablePlan) {
    const handles = new Map<string, ReturnType<typeof fakeHandle>>();
    const stopper = new AbortController();
    let reason: RunContext extends { stopReason: () => infer R } ? R : never;
    const base = context(plan);
    const registry = createProcessRegistry({ log: base.log, onFailure: (failure) => ((reason = { kind: 'failure', failure }), stopper.abort()) });
    const ctx: RunContext = {
      ...base,
      registry,
      stop: stopper.signal,
      stopReason: () => reason,
      executor: { kind: 'slurm', start: (p) => (handles.set(p.name, fakeHandle()), handles.get(p.name)!), command: (p) => [...p.argv] },
    };
    return { ctx, lines: base.lines, handles };
  }

  it('starts the workers only after the step exited 0', async () => {
    const { ctx, lines, handles } = stepContext(steps());
    const started = startProcesses(ctx);
    await new Promise((r) => setTimeout(r, 20));
    expect([...handles.keys()]).toStrictEqual(['model_download']);
    handles.get('model_download')!.exit({ code: 0, signal: null });
    await started;
    expect([...handles.keys()]).toStrictEqual(['model_download', 'decode_0_n1']);
    expect(lines.filter((l) => /^INFO (Start|Pre|model_download)/.test(l)).map((l) => l.replace(/in [\d.]+s$/, 'in Ns'))).toStrictEqual([
      'INFO Pre-downloading the model',
      'INFO Starting model_download on n1 (Org/M)',
      'INFO model_download on n1 finished in Ns',
      'INFO Starting backend workers',
      'INFO Starting decode worker 0 on n1',
      'INFO Started 1 worker processes',
    ]);
  });

  it('fails the run naming the step when it exits non-zero; no worker starts', async () => {
    const { ctx, lines, handles } = stepContext(steps());
    const started = startProcesses(ctx);
    await new Promise((r) => setTimeout(r, 20));
    handles.get('model_download')!.exit({ code: 1, signal: null });
    await expect(started).rejects.toThrow("critical process 'model_download' on n1 exited with code 1");
    expect([...handles.keys()]).toStrictEqual(['model_download']);
    expect(lines).toContain('ERROR The hf: model pre-download failed: model_download on n1 exited with code 1; the workers were not started (log: /tmp/model_download.out)');
  });

  it('fails with SRT_HEALTH_TIMEOUT when the step outlives its budget', async () => {
    const { ctx, handles } = stepContext(steps(30));
    await expect(startProcesses(ctx)).rejects.toMatchObject({ code: 'SRT_HEALTH_TIMEOUT', message: 'Model pre-download stopped after 0 s: model_download on n1 was still running; see /tmp/model_download.out' });
    expect([...handles.keys()]).toStrictEqual(['model_download']);
  });
});
