import type { DiagnosisRule } from '../rule.ts';

/** A worker, frontend or nginx died on its own (exit code or signal), without a more specific cause in its log. */
export default {
  id: 'process-crashed',
  priority: 50,
  cause: '{process} on {node} exited with {exit}',
  next: 'Read the lines around its first error (the evidence) and the end of its log: `srtctl logs <job> {name}`.',
  process: { roles: ['worker', 'frontend', 'nginx', 'head'] },
} as const satisfies DiagnosisRule;
