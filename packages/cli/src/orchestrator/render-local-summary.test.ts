import { describe, expect, it } from 'vitest';
import { renderLocalSummary } from './render-local-summary.ts';
import type { RunResult } from './run-plan.ts';
import { localRuntime, plannedProcess } from './testing/fixtures.ts';

const runtime = localRuntime('/w');
const logs = runtime.logDir;
const processes = [
  plannedProcess({ name: 'prefill_0_local-0', node: 'local-0', logFile: `${logs}/local-0_prefill_w0.out` }),
  plannedProcess({ name: 'decode_0_local-1', node: 'local-1', logFile: `${logs}/local-1_decode_w0.out` }),
  plannedProcess({ name: 'benchmark', node: 'local-0', role: 'benchmark', logFile: `${logs}/benchmark.out` }),
];

describe('renderLocalSummary', () => {
  it('shows what ran where, the health and benchmark results, the result files and the exit code', () => {
    const result: RunResult = { exitCode: 0, outcome: 'succeeded', healthy: true, failures: [], benchmarkExitCode: 0, summary: 'Benchmark completed successfully' };
    const text = renderLocalSummary({ runtime, processes, result, cwd: '/w', orchestratorLog: `${logs}/orchestrator_local-test.log`, resultFiles: [`${logs}/sa-bench/r.json`] });
    expect(text).toMatchInlineSnapshot(`
      "
      Summary of local-test
        process            node     address     log
        prefill_0_local-0  local-0  127.0.0.11  outputs/local-test/logs/local-0_prefill_w0.out
        decode_0_local-1   local-1  127.0.0.12  outputs/local-test/logs/local-1_decode_w0.out
        benchmark          local-0  127.0.0.11  outputs/local-test/logs/benchmark.out

      Health:    healthy
      Benchmark: completed
      Results:
        outputs/local-test/logs/sa-bench/r.json
      Log:       outputs/local-test/logs/orchestrator_local-test.log
      Outputs:   outputs/local-test
      Result:    Benchmark completed successfully
      Exit code: 0

      "
    `);
  });

  it('marks the process that failed and says the benchmark did not run', () => {
    const failure = { name: 'decode_0_local-1', node: 'local-1', logFile: '', exitCode: 3, status: { code: 3, signal: null } };
    const result: RunResult = { exitCode: 1, outcome: 'process-failed', healthy: false, failures: [failure], benchmarkExitCode: undefined, summary: 'Run failed' };
    const lines = renderLocalSummary({ runtime, processes, result, cwd: '/w', orchestratorLog: '/w/o.log', resultFiles: [] }).split('\n');
    expect(lines.filter((l) => /FAILED|^Health|^Benchmark/.test(l))).toStrictEqual([
      '  decode_0_local-1   local-1  127.0.0.12  outputs/local-test/logs/local-1_decode_w0.out   FAILED',
      'Health:    a critical process died',
      'Benchmark: not run',
    ]);
  });
});
