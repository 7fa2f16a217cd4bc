import type { DiagnosisRule } from '../rule.ts';

/** Someone cancelled the job: `srtctl cancel`, `scancel`, or Ctrl-C on a local run. */
export default {
  id: 'cancelled-by-user',
  priority: 11,
  cause: 'Cancelled by the user (in phase {phase})',
  next: 'Nothing failed. Submit it again when you want the result (`srtctl apply -f <recipe>`).',
  anyOf: [
    { when: { cancelledBy: ['user'] } },
    { when: { slurmStates: ['CANCELLED'] } },
    // The batch job itself (scancel); a cancelled STEP is also what the orchestrator's own cleanup of its srun steps leaves in their logs.
    { logs: { patterns: ['\\*\\*\\* JOB \\S+ ON \\S+ CANCELLED AT \\S+ \\*\\*\\*$', '\\*\\*\\* JOB \\S+ ON \\S+ CANCELLED AT \\S+ DUE TO (JOB REQUEUE|PREEMPTION)'] } },
    { when: { outcomes: ['cancelled'], cancelledBy: ['signal'] } },
  ],
} as const satisfies DiagnosisRule;
