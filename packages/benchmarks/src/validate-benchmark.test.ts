import { describe, expect, it } from 'vitest';
import { recipe } from '../test/fixtures.ts';
import { effectiveBenchmarkType, validateBenchmark } from './validate-benchmark.ts';

const PROFILING = { type: 'torch', isl: 1024, osl: 128, concurrency: 8, prefill: { start_step: 5, stop_step: 15 }, decode: { start_step: 10, stop_step: 20 } };

describe('effectiveBenchmarkType', () => {
  it('switches to profiling whenever profiling is enabled, keeping the stored type', () => {
    const config = recipe({ benchmark: { type: 'manual' }, profiling: PROFILING });
    expect(config.benchmark.type).toBe('manual');
    expect(effectiveBenchmarkType(config)).toBe('profiling');
  });

  it('uses benchmark.type otherwise', () => {
    expect(effectiveBenchmarkType(recipe({ benchmark: { type: 'mmlu' } }))).toBe('mmlu');
  });
});

describe('validateBenchmark', () => {
  it.each([
    { name: 'manual', benchmark: { type: 'manual' }, want: [] },
    { name: 'sa-bench with isl, osl and concurrencies', benchmark: { type: 'sa-bench', isl: 1024, osl: 1024, concurrencies: '4x8' }, want: [] },
    { name: 'sa-bench without isl', benchmark: { type: 'sa-bench', osl: 1024, concurrencies: '4x8' }, want: ['benchmark.isl is required for sa-bench'] },
    {
      name: 'sa-bench with nothing',
      benchmark: { type: 'sa-bench' },
      want: ['benchmark.isl is required for sa-bench', 'benchmark.osl is required for sa-bench', 'benchmark.concurrencies is required for sa-bench'],
    },
    { name: 'sa-bench with an empty list', benchmark: { type: 'sa-bench', isl: 1, osl: 1, concurrencies: [] }, want: ['benchmark.concurrencies must list at least one concurrency (e.g. [4, 8] or "4x8")'] },
    { name: 'router without the sglang router', benchmark: { type: 'router' }, want: ['router benchmark requires frontend.use_sglang_router: true'] },
    { name: 'mmlu', benchmark: { type: 'mmlu' }, want: [] },
    { name: 'gpqa', benchmark: { type: 'gpqa' }, want: [] },
    { name: 'longbenchv2', benchmark: { type: 'longbenchv2' }, want: [] },
    { name: 'an unknown type', benchmark: { type: 'bogus' }, want: ['Unknown benchmark type: bogus. Available: custom, gpqa, longbenchv2, mmlu, profiling, router, sa-bench'] },
  ])('checks $name', ({ benchmark, want }) => {
    expect(validateBenchmark(recipe({ benchmark }))).toStrictEqual(want);
  });

  it('accepts router with use_sglang_router', () => {
    expect(validateBenchmark(recipe({ benchmark: { type: 'router' }, frontend: { use_sglang_router: true } }))).toStrictEqual([]);
  });

  it('validates the profiling runner whenever profiling is enabled', () => {
    expect(validateBenchmark(recipe({ benchmark: { type: 'sa-bench' }, profiling: PROFILING }))).toStrictEqual([]);
    const unchecked = { ...recipe(), profiling: { type: 'nsys' } } as unknown as ReturnType<typeof recipe>;
    expect(validateBenchmark(unchecked)).toStrictEqual([
      'profiling.isl is required',
      'profiling.osl is required',
      'profiling.concurrency is required',
    ]);
  });
});
