import type { DiagnosisRule } from '../rule.ts';

/** Slurm requeued the job (`scontrol requeue`, or a requeue after a node failure): this run was stopped, the job runs again. */
export default {
  id: 'requeued',
  priority: 9,
  cause: 'Requeued by SLURM (in phase {phase}): this run was stopped and the job will run again',
  next: 'Nothing failed. The next run starts in a clean logs/ (this run\'s files move to logs/requeued_run_<n>/); follow it with `srtctl wait <job>`, or `scancel <job>` if it should not run again.',
  when: { outcomes: ['cancelled'] },
  logs: { patterns: ['\\*\\*\\* JOB \\S+ ON \\S+ CANCELLED AT \\S+ DUE TO JOB REQUEUE'], in: 'orchestrator' },
} as const satisfies DiagnosisRule;
