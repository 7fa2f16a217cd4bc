import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isProfilingEnabled, nsysPrefix, profilingEnv } from './profiling.ts';
import { ProfilingSchema } from './schema.ts';

const profiling = (input: unknown) => v.parse(ProfilingSchema, input);

const torch = profiling({
  type: 'torch',
  isl: 2048,
  osl: 1024,
  concurrency: 64,
  prefill: { start_step: 5, stop_step: 15 },
  decode: { start_step: 10, stop_step: 20 },
  aggregated: { start_step: 0, stop_step: 100 },
});

describe('isProfilingEnabled', () => {
  it('is off by default (type none)', () => {
    const p = profiling({});
    expect(p.type).toBe('none');
    expect(isProfilingEnabled(p)).toBe(false);
  });

  it.each(['torch', 'nsys', 'TORCH'])('is on for type %s', (type) => {
    expect(isProfilingEnabled({ type })).toBe(true);
  });
});

describe('profilingEnv', () => {
  it('sets the prefill phase and the torch profiler directory, in order', () => {
    expect(profilingEnv(torch, 'prefill', '/logs/profiles')).toStrictEqual([
      ['PROFILING_MODE', 'prefill'],
      ['PROFILE_ISL', '2048'],
      ['PROFILE_OSL', '1024'],
      ['PROFILE_CONCURRENCY', '64'],
      ['PROFILE_PREFILL_START_STEP', '5'],
      ['PROFILE_PREFILL_STOP_STEP', '15'],
      ['SGLANG_TORCH_PROFILER_DIR', '/logs/profiles/prefill'],
    ]);
  });

  it('uses the decode phase for decode workers', () => {
    const env = Object.fromEntries(profilingEnv(torch, 'decode', '/logs/profiles'));
    expect([env['PROFILE_DECODE_START_STEP'], env['PROFILE_DECODE_STOP_STEP']]).toStrictEqual(['10', '20']);
  });

  it('uses the aggregated phase under AGG names for agg workers', () => {
    const env = Object.fromEntries(profilingEnv(torch, 'agg', '/p'));
    expect([env['PROFILE_AGG_START_STEP'], env['PROFILE_AGG_STOP_STEP']]).toStrictEqual(['0', '100']);
    expect(env['SGLANG_TORCH_PROFILER_DIR']).toBe('/p/agg');
  });

  it('omits unset values and the torch directory for nsys', () => {
    expect(profilingEnv(profiling({ type: 'nsys', isl: 1024 }), 'decode', '/p')).toStrictEqual([
      ['PROFILING_MODE', 'decode'],
      ['PROFILE_ISL', '1024'],
    ]);
  });

  it('is empty when profiling is off', () => {
    expect(profilingEnv(profiling({ isl: 1 }), 'prefill', '/p')).toStrictEqual([]);
  });
});

describe('nsysPrefix', () => {
  it('wraps the worker in nsys profile for nsys profiling', () => {
    expect(nsysPrefix({ type: 'nsys' }, '/output/test')).toStrictEqual([
      'nsys', 'profile', '-t', 'cuda,nvtx', '--cuda-graph-trace=node', '-c', 'cudaProfilerApi',
      '--capture-range-end', 'stop', '--force-overwrite', 'true', '-o', '/output/test',
    ]);
  });

  it.each(['none', 'torch'])('is empty for type %s', (type) => {
    expect(nsysPrefix({ type }, '/o')).toStrictEqual([]);
  });
});
