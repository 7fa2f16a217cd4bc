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
});
