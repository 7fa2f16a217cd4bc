import { describe, expect, it } from 'vitest';
import { getBenchmarkRunner, listBenchmarks } from './registry.ts';

describe('listBenchmarks', () => {
  it('lists the runner types sorted', () => {
    expect(listBenchmarks()).toStrictEqual(['custom', 'gpqa', 'longbenchv2', 'mmlu', 'profiling', 'router', 'sa-bench']);
  });
});

describe('getBenchmarkRunner', () => {
  it.each([
    { type: 'sa-bench', name: 'SA-Bench' },
    { type: 'router', name: 'Router Benchmark' },
    { type: 'mmlu', name: 'MMLU' },
    { type: 'gpqa', name: 'GPQA' },
    { type: 'longbenchv2', name: 'LongBench-v2' },
    { type: 'profiling', name: 'Profiling' },
  ])('finds the $type runner named $name', ({ type, name }) => {
    expect(getBenchmarkRunner(type)).toMatchObject({ type, name });
  });

  it('rejects an unknown type with the list of available ones', () => {
    const error = (() => {
      try {
        return getBenchmarkRunner('nope');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: 'SRT_BENCHMARK_UNKNOWN' });
    expect((error as Error).message).toMatchInlineSnapshot(`"Unknown benchmark type: nope. Available: custom, gpqa, longbenchv2, mmlu, profiling, router, sa-bench"`);
  });
});
