import { shellJoin } from '@srt/core';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fakeProcess, fakeRuntime } from '../testing/fake-runtime.ts';
import { SglangBackendSchema } from './schema.ts';
import { buildSglangWorkerCommand, sglangBootstrapPort, sglangConfigForMode, sglangEnvironmentForMode } from './worker-command.ts';

const config = (doc: unknown) => v.parse(SglangBackendSchema, doc);
/** A runtime whose workers see host paths, as the reference passes them (quirk B1 off). */
const hostPaths = (over: Parameters<typeof fakeRuntime>[0] = {}) => {
  const r = fakeRuntime(over);
  return { ...r, workerPaths: { modelPath: r.modelPath, logDir: r.logDir } };
};

describe('buildSglangWorkerCommand', () => {
  it('reproduces the Dynamo prefill example of backends.md §2.1 (host paths as the reference passes them)', () => {
    const cfg = config({
      sglang_config: { prefill: { 'served-model-name': 'dsr1', 'trust-remote-code': true, tp: 8, disable_radix_cache: false, 'cuda-graph-bs': [1, 2, 4], foo: null, 'mem-fraction-static': 0.8 } },
    });
    const runtime = hostPaths({ cwd: '<cwd>', logDir: '<cwd>/outputs/4242/logs', gpusPerNode: 8, nodes: { head: 'n1', bench: 'n1', worker: ['n1'] }, nodeAddrs: new Map([['n1', '10.0.0.1']]) });
    const p = fakeProcess({ node: 'n1', gpuIndices: [0, 1, 2, 3, 4, 5, 6, 7] });
    const argv = buildSglangWorkerCommand(p, [p], runtime, { config: cfg, useSglangRouter: false, profilingEnabled: false, dumpConfigPath: '<cwd>/outputs/4242/logs/n1_config.json' });
    expect(argv).toStrictEqual([
      'python3', '-m', 'dynamo.sglang', '--model-path', '/models/DeepSeek-R1', '--served-model-name', 'dsr1', '--host', '0.0.0.0',
      '--disaggregation-mode', 'prefill', '--dump-config-to', '<cwd>/outputs/4242/logs/n1_config.json',
      '--cuda-graph-bs', '1', '2', '4', '--mem-fraction-static', '0.8', '--served-model-name', 'dsr1', '--tp', '8', '--trust-remote-code',
    ]);
  });

  it('reproduces the router-mode 2-node prefill example of backends.md §2.2 with the B2 fix off', () => {
    const cfg = config({ sglang_config: { prefill: { tp: 8 } } });
    const runtime = hostPaths({ modelPath: '/models/Qwen3-32B', nodes: { head: 'a1', bench: 'a1', worker: ['a1', 'a2'] }, nodeAddrs: new Map([['a1', '10.0.0.1'], ['a2', '10.0.0.2']]) });
    const r0 = fakeProcess({ node: 'a1', nodeRank: 0, httpPort: 30000, sysPort: 8081 });
    const r1 = fakeProcess({ node: 'a2', nodeRank: 1, httpPort: 0, sysPort: 8082 });
    const opts = { config: cfg, useSglangRouter: true, profilingEnabled: false, dumpConfigPath: '/x', routerDisaggregationFlags: false };
    expect(shellJoin(buildSglangWorkerCommand(r0, [r0, r1], runtime, opts))).toBe(
      'python3 -m sglang.launch_server --model-path /models/Qwen3-32B --served-model-name Qwen3-32B --host 0.0.0.0 --port 30000 --dist-init-addr 10.0.0.1:29500 --nnodes 2 --node-rank 0 --tp 8',
    );
    expect(shellJoin(buildSglangWorkerCommand(r1, [r0, r1], runtime, opts))).toBe(
      'python3 -m sglang.launch_server --model-path /models/Qwen3-32B --served-model-name Qwen3-32B --host 0.0.0.0 --port 0 --dist-init-addr 10.0.0.1:29500 --nnodes 2 --node-rank 1 --tp 8',
    );
  });

  it('gives router-mode prefill workers their mode and the bootstrap port the router is told (quirk B2 fixed)', () => {
    const cfg = config({ sglang_config: { prefill: { tp: 4 } } });
    const p = fakeProcess({ bootstrapPort: 31001, httpPort: 30001 });
    expect(shellJoin(buildSglangWorkerCommand(p, [p], fakeRuntime(), { config: cfg, useSglangRouter: true, profilingEnabled: false }))).toBe(
      'python3 -m sglang.launch_server --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0 --port 30001 --disaggregation-mode prefill --disaggregation-bootstrap-port 31001 --tp 4',
    );
  });

  it('leaves mode and bootstrap port to the option map in router mode when it sets them', () => {
    const cfg = config({ sglang_config: { prefill: { 'disaggregation-bootstrap-port': 30001, disaggregation_mode: 'prefill' } } });
    const p = fakeProcess();
    const argv = buildSglangWorkerCommand(p, [p], fakeRuntime(), { config: cfg, useSglangRouter: true, profilingEnabled: false });
    expect(shellJoin(argv)).toBe(
      'python3 -m sglang.launch_server --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0 --port 30000 --disaggregation-bootstrap-port 30001 --disaggregation-mode prefill',
    );
    expect(sglangBootstrapPort(cfg, p)).toBe(30001);
  });

  it('gives router-mode decode workers their mode but no bootstrap port', () => {
    const p = fakeProcess({ endpointMode: 'decode' });
    expect(shellJoin(buildSglangWorkerCommand(p, [p], fakeRuntime(), { config: config({}), useSglangRouter: true, profilingEnabled: false }))).toBe(
      'python3 -m sglang.launch_server --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0 --port 30000 --disaggregation-mode decode',
    );
  });

  it('still gives router-mode workers their mode when the option map switches the flag off (false emits nothing)', () => {
    const p = fakeProcess({ endpointMode: 'decode' });
    const cfg = config({ sglang_config: { decode: { 'disaggregation-mode': false } } });
    expect(shellJoin(buildSglangWorkerCommand(p, [p], fakeRuntime(), { config: cfg, useSglangRouter: true, profilingEnabled: false }))).toBe(
      'python3 -m sglang.launch_server --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0 --port 30000 --disaggregation-mode decode',
    );
  });

  it('prefixes nsys and keeps --disaggregation-mode and the dump path when profiling without the router', () => {
    const p = fakeProcess({ endpointMode: 'decode' });
    const argv = buildSglangWorkerCommand(p, [p], fakeRuntime(), {
      config: config({}), useSglangRouter: false, profilingEnabled: true, nsysPrefix: ['nsys', 'profile', '-o', '/logs/x'], dumpConfigPath: '/logs/d.json',
    });
    expect(shellJoin(argv)).toBe(
      'nsys profile -o /logs/x python3 -m sglang.launch_server --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0 --port 30000 --disaggregation-mode decode --dump-config-to /logs/d.json',
    );
  });

  it('gives aggregated workers no disaggregation flags', () => {
    const p = fakeProcess({ endpointMode: 'agg' });
    expect(shellJoin(buildSglangWorkerCommand(p, [p], fakeRuntime(), { config: config({}), useSglangRouter: false, profilingEnabled: false }))).toBe(
      'python3 -m dynamo.sglang --model-path /model --served-model-name DeepSeek-R1 --host 0.0.0.0',
    );
  });

  it.each([
    ['decode takes its own map first (quirk B5 fixed)', 'decode', { prefill: { served_model_name: 'P' }, decode: { 'served-model-name': 'D' } }, 'D'],
    ['decode falls back to the prefill map', 'decode', { prefill: { served_model_name: 'P' } }, 'P'],
    ['agg takes its own map before prefill', 'agg', { prefill: { 'served-model-name': 'P' }, aggregated: { 'served-model-name': 'A' } }, 'A'],
    ['empty names are skipped', 'prefill', { prefill: { 'served-model-name': '', served_model_name: 'U' } }, 'U'],
    ['the host model path name when no map names it', 'prefill', {}, 'DeepSeek-R1'],
  ] as const)('served model name: %s', (_n, mode, maps, expected) => {
    const p = fakeProcess({ endpointMode: mode });
    const argv = buildSglangWorkerCommand(p, [p], fakeRuntime(), { config: config({ sglang_config: maps }), useSglangRouter: false, profilingEnabled: false });
    expect(argv[argv.indexOf('--served-model-name') + 1]).toBe(expected);
  });
});

describe('sglangConfigForMode', () => {
  it.each([
    ['prefill', { a: 1 }],
    ['decode', { b: 2 }],
    ['agg', { c: 3 }],
    ['other', {}],
  ] as const)('returns a copy of the %s map', (mode, expected) => {
    const cfg = config({ sglang_config: { prefill: { a: 1 }, decode: { b: 2 }, aggregated: { c: 3 } } });
    expect(sglangConfigForMode(cfg, mode as never)).toStrictEqual(expected);
  });

  it('is empty without sglang_config', () => {
    expect(sglangConfigForMode(config({}), 'prefill')).toStrictEqual({});
  });
});

describe('sglangEnvironmentForMode', () => {
  it.each([
    ['prefill', { P: '1' }],
    ['decode', { D: '1' }],
    ['agg', {}],
  ] as const)('returns the %s environment', (mode, expected) => {
    expect(sglangEnvironmentForMode(config({ prefill_environment: { P: '1' }, decode_environment: { D: '1' } }), mode)).toStrictEqual(expected);
  });
});

describe('sglangBootstrapPort', () => {
  it('is the allocated port without a map override, undefined for decode', () => {
    expect(sglangBootstrapPort(config({}), fakeProcess({ bootstrapPort: 31002 }))).toBe(31002);
    expect(sglangBootstrapPort(config({}), fakeProcess({ endpointMode: 'decode' }))).toBeUndefined();
  });
});
