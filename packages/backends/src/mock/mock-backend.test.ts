import { isSrtError, parseConfig, type SrtConfig } from '@srt/core';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fakeProcess, fakeRuntime } from '../testing/fake-runtime.ts';
import { buildMockFaultFlags, mockBackend, mockFaultsFor } from './mock-backend.ts';
import { MockBackendSchema, type MockConfig } from './schema.ts';

const recipe = (backend: string, frontend = '') => `
name: mock-run
model: { path: /models/Qwen3-32B, container: none, precision: bf16 }
resources: { gpu_type: h100, gpus_per_node: 4, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 }
backend: ${backend}
${frontend}`;

const parse = (backend: string, frontend = ''): SrtConfig =>
  parseConfig(recipe(backend, frontend), { source: 'mock.yaml', backends: { mock: { schema: MockBackendSchema } } }).config;

const mockConfig = (section: unknown): MockConfig => v.parse(MockBackendSchema, section);

function issues(section: unknown): string[] {
  const r = v.safeParse(MockBackendSchema, section);
  return r.success ? [] : r.issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
}

describe('MockBackendSchema', () => {
  it('fills the defaults', () => {
    expect(mockConfig({ type: 'mock' })).toStrictEqual({
      type: 'mock', startup_delay_s: 0, ttft_ms: 50, itl_ms: 10, tokens_per_chunk: 1, output_tokens: 128, head_services: false, in_container: false, frontend_poll_interval_ms: 1000, faults: {},
    });
  });

  it.each([
    [{ type: 'mock', itl: 10 }, ['itl: unknown field "itl"; check the spelling (see docs/mock-backend.md)']],
    [{ type: 'mock', ttft_ms: -1 }, ['ttft_ms: must be at least 0 (time to first token in milliseconds)']],
    [{ type: 'mock', tokens_per_chunk: 1.5 }, ['tokens_per_chunk: expected a whole number (tokens per streamed chunk)']],
    [{ type: 'mock', head_services: 'maybe' }, ['head_services: expected true or false']],
    [{ type: 'mock', faults: { decoder: { never_healthy: true } } }, ['faults.decoder: fault targets are prefill, decode, agg, frontend, or one worker like decode_1']],
    [{ type: 'mock', faults: { decode_1: { error_rate: 2 } } }, ['faults.decode_1.error_rate: must be at most 1 (1 = every request)']],
    [{ type: 'mock', faults: { agg: { crash_after: 3 } } }, ['faults.agg.crash_after: unknown field "crash_after"; check the spelling (see docs/mock-backend.md)']],
    [{ type: 'mock', faults: { frontend: { zero_tokens: true } } }, ['faults: zero_tokens applies to workers only, not to the frontend']],
    [{ type: 'mock', faults: { prefill: { crash_exit_code: 0 } } }, ['faults.prefill.crash_exit_code: must be at least 1']],
  ])('rejects %j', (section, expected) => {
    expect(issues(section)).toStrictEqual(expected);
  });

  it('reports problems of the backend section with backend. paths through parseConfig', () => {
    let err: unknown;
    try {
      parse('{ type: mock, itl_ms: fast }');
    } catch (e) {
      err = e;
    }
    expect(isSrtError(err) && err.code).toBe('SRT_CONFIG_INVALID');
    expect((err as { details: string[] }).details.some((d) => d.includes('backend.itl_ms'))).toBe(true);
  });
});

describe('mockFaultsFor', () => {
  const cfg = mockConfig({ type: 'mock', faults: { decode: { error_rate: 0.5, never_healthy: true }, decode_1: { error_rate: 1 }, frontend: { crash_after_s: 2 } } });
  it.each([
    [{ mode: 'decode', index: 0 }, { error_rate: 0.5, never_healthy: true }],
    [{ mode: 'decode', index: 1 }, { error_rate: 1, never_healthy: true }],
    [{ mode: 'prefill', index: 0 }, {}],
    ['frontend', { crash_after_s: 2 }],
  ] as const)('merges the mode entry and the worker entry for %j', (target, expected) => {
    expect(mockFaultsFor(cfg, target)).toStrictEqual(expected);
  });
});

describe('buildMockFaultFlags', () => {
  it('turns every fault into its CLI flag', () => {
    expect(buildMockFaultFlags({ crash_after_requests: 5, crash_after_s: 1.5, crash_exit_code: 9, never_healthy: true, error_rate: 0.25, error_status: 503, zero_tokens: true, freeze_after_requests: 4 })).toStrictEqual([
      '--crash-after-requests', '5', '--crash-after-s', '1.5', '--crash-exit-code', '9', '--never-healthy', '--error-rate', '0.25', '--error-status', '503', '--zero-tokens',
      '--freeze-after-requests', '4',
    ]);
  });
});

describe('mockBackend', () => {
  const srtConfig = parse('{ type: mock, ttft_ms: 20, itl_ms: 5, startup_delay_s: 2, faults: { decode_0: { crash_after_requests: 3 } } }');
  const config = mockConfig(srtConfig.backend);
  const runtime = fakeRuntime();
  const options = { config, srtConfig, useSglangRouter: false, profilingEnabled: false };

  it('starts a leader as `srtctl mock worker` on its node address and HTTP port, with its faults', () => {
    const p = fakeProcess({ node: 'n02', endpointMode: 'decode', endpointIndex: 0, httpPort: 30001 });
    expect(mockBackend.buildWorkerCommand(p, [p], runtime, options)).toStrictEqual([
      'node', '/srt/dist/srtctl.mjs', 'mock', 'worker', '--mode', 'decode', '--index', '0', '--node-rank', '0', '--host', '10.0.0.2', '--port', '30001', '--model', 'Qwen3-32B',
      '--startup-delay-s', '2', '--ttft-ms', '20', '--itl-ms', '5', '--tokens-per-chunk', '1', '--output-tokens', '128', '--crash-after-requests', '3',
    ]);
  });

  it('starts a non-leader rank with --port 0 and no faults, so it only stays alive', () => {
    const p = fakeProcess({ node: 'n03', endpointMode: 'decode', endpointIndex: 0, nodeRank: 1, httpPort: 0 });
    const argv = mockBackend.buildWorkerCommand(p, [p], runtime, options);
    expect(argv.slice(argv.indexOf('--node-rank'), argv.indexOf('--model'))).toStrictEqual(['--node-rank', '1', '--host', '10.0.0.3', '--port', '0']);
    expect(argv).not.toContain('--crash-after-requests');
  });

  it('uses served_model_name when set', () => {
    const cfg = mockConfig({ type: 'mock', served_model_name: 'dsr1' });
    const argv = mockBackend.buildWorkerCommand(fakeProcess(), [fakeProcess()], runtime, { ...options, config: cfg });
    expect(argv[argv.indexOf('--model') + 1]).toBe('dsr1');
  });

  it.each([
    ['dynamo', false],
    ['sglang-router', true],
  ])('starts the mock frontend in the %s format (the deployed router mode) with every worker URL', (format, useSglangRouter) => {
    const cfg = parse('{ type: mock, faults: { frontend: { never_healthy: true } } }', '');
    const spec = mockBackend.buildFrontendCommand({
      index: 0, node: 'n01', port: 8000, runtime, srtConfig: cfg, config: mockConfig(cfg.backend), useSglangRouter, frontendType: useSglangRouter ? 'sglang' : 'dynamo',
      targets: { prefill: [{ url: 'http://10.0.0.1:30000', bootstrapPort: 31000 }], decode: ['http://10.0.0.2:30000'], agg: [] },
    });
    expect(spec).toStrictEqual({
      argv: [
        'node', '/srt/dist/srtctl.mjs', 'mock', 'frontend', '--format', format, '--host', '10.0.0.1', '--port', '8000', '--poll-interval-ms', '1000',
        '--prefill', 'http://10.0.0.1:30000,31000', '--decode', 'http://10.0.0.2:30000', '--never-healthy',
      ],
      env: [],
    });
  });

  it('passes backend.processes to serving workers and the frontend only (one process adds nothing)', () => {
    const cfg = mockConfig({ type: 'mock', processes: 'auto' });
    const leader = fakeProcess({ node: 'n02', endpointMode: 'agg', endpointIndex: 0, httpPort: 30001 });
    const rank = fakeProcess({ node: 'n03', endpointMode: 'agg', endpointIndex: 0, nodeRank: 1, httpPort: 0 });
    const flagOf = (argv: readonly string[]): string | undefined => (argv.includes('--processes') ? argv[argv.indexOf('--processes') + 1] : undefined);
    expect(flagOf(mockBackend.buildWorkerCommand(leader, [leader, rank], runtime, { ...options, config: cfg }))).toBe('auto');
    expect(flagOf(mockBackend.buildWorkerCommand(rank, [leader, rank], runtime, { ...options, config: cfg }))).toBeUndefined();
    const front = (c: MockConfig) => mockBackend.buildFrontendCommand({ index: 0, node: 'n01', port: 8000, runtime, srtConfig, config: c, useSglangRouter: false, frontendType: 'dynamo', targets: { prefill: [], decode: [], agg: ['http://10.0.0.2:30001'] } }).argv;
    expect(flagOf(front(mockConfig({ type: 'mock', processes: 4 })))).toBe('4');
    expect(flagOf(front(mockConfig({ type: 'mock', processes: 1 })))).toBeUndefined();
    expect(issues({ type: 'mock', processes: 0 })).toStrictEqual(['processes: must be at least 1']);
    expect(issues({ type: 'mock', processes: 'all' })).toStrictEqual(['processes: expected a whole number from 1 to 1024 or "auto" (one process per core)']);
  });

  it('runs outside the container, with empty per-mode maps, and starts NATS/etcd only when asked', () => {
    expect([mockBackend.runsInContainer(config), mockBackend.configForMode(), mockBackend.environmentForMode()]).toStrictEqual([false, {}, {}]);
    expect(mockBackend.usesHeadServices(config)).toBe(false);
    expect(mockBackend.usesHeadServices(mockConfig({ type: 'mock', head_services: true }))).toBe(true);
  });

  it('with in_container under pyxis runs node of the image on the bundle the plan mounts at /srtctl/srtctl.mjs, and no Dynamo install', () => {
    const inside = mockConfig({ type: 'mock', in_container: true });
    const pyxis = { ...runtime, containerRuntime: 'pyxis' as const };
    expect(mockBackend.runsInContainer(inside)).toBe(true);
    const p = fakeProcess({ node: 'n02', endpointMode: 'decode', endpointIndex: 0, httpPort: 30001 });
    const argv = mockBackend.buildWorkerCommand(p, [p], pyxis, { ...options, config: inside });
    expect(argv.slice(0, 4)).toStrictEqual(['node', '/srtctl/srtctl.mjs', 'mock', 'worker']);
    expect(mockBackend.containerMounts(inside, pyxis)).toStrictEqual([{ host: runtime.selfCommand.at(-1), container: '/srtctl/srtctl.mjs' }]);
    expect(mockBackend.containerMounts(config, pyxis)).toStrictEqual([]);
    expect(mockBackend.buildWorkerPreamble({ mode: 'agg', useSglangRouter: false, profilingEnabled: false, runtime: pyxis, srtConfig: { ...srtConfig, setup_script: 's.sh' }, config: inside })).toBe(
      "echo 'Running setup script: /configs/s.sh' && if [ -f '/configs/s.sh' ]; then bash '/configs/s.sh'; else echo 'WARNING: /configs/s.sh not found'; fi",
    );
  });
});
