import type { DiagnosisRule } from '../rule.ts';

/** A worker, frontend or nginx died on its own (exit code or signal), without a more specific cause in its log. */
export default {
  id: 'process-crashed',
  priority: 50,
  cause: '{process} on {node} exited with {exit}',
  next: 'Read the lines around its first error below and the end of {log}; `srtctl logs <job> {process}` prints the whole log.',
  process: { roles: ['worker', 'frontend', 'nginx', 'head'] },
} as const satisfies DiagnosisRule;
