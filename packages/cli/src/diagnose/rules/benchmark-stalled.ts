import type { DiagnosisRule } from '../rule.ts';

/** sa-bench's stall watchdog fired: a request in flight heard nothing for the stall bound (issue 10). */
export default {
  id: 'benchmark-stalled',
  priority: 68,
  cause: 'The benchmark stalled: tokens stopped arriving for the stall bound (a frozen, hung or overloaded worker or frontend)',
  next: 'The orchestrator line "After the benchmark failed: Worker … is not healthy" names the worker that stopped answering: read its log (and the frontend\'s). If the server is this slow by design, raise benchmark.stall_timeout_seconds.',
  when: { outcomes: ['benchmark-failed'] },
  logs: { patterns: ['tokens stopped arriving'], roles: ['benchmark'] },
} as const satisfies DiagnosisRule;
