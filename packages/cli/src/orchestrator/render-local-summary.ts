import { shownPath } from '../output/shown-path.ts';
import type { PlannedProcess, RuntimeContext } from '@srt/core';
import type { RunResult } from './run-plan.ts';

export interface LocalSummaryInput {
  readonly runtime: RuntimeContext;
  readonly processes: readonly PlannedProcess[];
  readonly result: RunResult;
  /** Directory paths are shown relative to. */
  readonly cwd: string;
  readonly orchestratorLog: string;
  /** Benchmark result files found under the log directory. */
  readonly resultFiles: readonly string[];
}

const HEALTH: Readonly<Record<RunResult['outcome'], string>> = {
  succeeded: 'healthy',
  'benchmark-failed': 'healthy',
  unhealthy: 'never became healthy',
  'process-failed': 'a critical process died',
  cancelled: 'cancelled',
  error: 'did not start',
};

/**
 * The end-of-run summary of `srtctl apply --local`: what ran where (process, node, address,
 * log), the health result, the benchmark's result files, and the exit code.
 */
export function renderLocalSummary(s: LocalSummaryInput): string {
  const rel = (p: string): string => shownPath(s.cwd, p);
  const failed = new Set(s.result.failures.map((f) => f.name));
  const rows = s.processes.map((p) => [p.name, p.node, s.runtime.nodeAddrs.get(p.node) ?? '', rel(p.logFile), failed.has(p.name) ? 'FAILED' : '']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['process', 'node', 'address', 'log'][i]!.length));
  const line = (cells: readonly string[]): string => `  ${cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd()}`;
  const out = ['', `Summary of ${s.runtime.jobId}`, line(['process', 'node', 'address', 'log', '']), ...rows.map(line), ''];
  out.push(`Health:    ${s.result.healthy ? 'healthy' : HEALTH[s.result.outcome]}`);
  const bench = s.result.benchmarkExitCode;
  out.push(`Benchmark: ${bench === undefined ? (s.result.healthy ? 'manual (served until stopped)' : 'not run') : bench === 0 ? 'completed' : `failed (exit code ${bench})`}`);
  if (s.resultFiles.length > 0) out.push('Results:', ...s.resultFiles.map((f) => `  ${rel(f)}`));
  out.push(`Log:       ${rel(s.orchestratorLog)}`, `Outputs:   ${rel(s.runtime.outputDir)}`, `Result:    ${s.result.summary}`, `Exit code: ${s.result.exitCode}`, '');
  return `${out.join('\n')}\n`;
}
