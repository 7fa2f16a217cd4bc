import { parseConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT, recipe, RUNTIME } from '../../test/fixtures.ts';
import { planBenchmark } from '../plan-benchmark.ts';

describe('sa-bench benchmark.client_processes', () => {
  const argvOf = (extra: Record<string, unknown>): readonly string[] =>
    planBenchmark(recipe({ benchmark: { type: 'sa-bench', isl: 8, osl: 8, concurrencies: [4], ...extra } }), RUNTIME, DEPLOYMENT)?.argv ?? [];
  const after = (argv: readonly string[], flag: string): string | undefined => argv[argv.indexOf(flag) + 1];

  it('passes a count or auto through to the planned bench sa command', () => {
    expect(after(argvOf({ client_processes: 4 }), '--client-processes')).toBe('4');
    expect(after(argvOf({ client_processes: 'auto' }), '--client-processes')).toBe('auto');
  });

  it('adds nothing for one process or when unset', () => {
    expect(argvOf({ client_processes: 1 })).not.toContain('--client-processes');
    expect(argvOf({})).not.toContain('--client-processes');
  });

  it('is a whole number ≥ 1 or auto in a recipe', () => {
    const recipe = (v: string): string =>
      `name: d\nmodel: { path: /m, container: c, precision: fp8 }\nresources: { gpu_type: h100, gpus_per_node: 8, agg_nodes: 1, agg_workers: 1 }\nbenchmark: { type: sa-bench, isl: 8, osl: 8, concurrencies: [4], client_processes: ${v} }\n`;
    expect(parseConfig(recipe('auto'), { source: 'r.yaml' }).config.benchmark.client_processes).toBe('auto');
    expect(parseConfig(recipe('3'), { source: 'r.yaml' }).config.benchmark.client_processes).toBe(3);
    const problems = (v: string): string => {
      try {
        parseConfig(recipe(v), { source: 'r.yaml' });
        return '';
      } catch (e) {
        return (e as { details: readonly string[] }).details.join('\n');
      }
    };
    expect(problems('0')).toMatch(/benchmark\.client_processes: must be at least 1, got 0/);
    expect(problems('many')).toMatch(/benchmark\.client_processes: client_processes must be a whole number ≥ 1 or "auto"/);
  });
});
