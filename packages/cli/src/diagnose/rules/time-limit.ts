import type { DiagnosisRule } from '../rule.ts';

/** SLURM's time limit ended the job (scontrol/sacct TIMEOUT, or slurmstepd's "DUE TO TIME LIMIT"). */
export default {
  id: 'time-limit',
  priority: 10,
  cause: 'Cancelled by SLURM: the job reached its time limit (in phase {phase})',
  next: 'Raise the time limit (`slurm.time_limit` in the recipe or `default_time_limit` in srtslurm.yaml), or shorten the run (fewer concurrencies, a smaller health_check.max_attempts).',
  anyOf: [
    { when: { slurmStates: ['TIMEOUT'] } },
    { when: { cancelledBy: ['time-limit'] } },
    { logs: { patterns: ['\\*\\*\\* (JOB|STEP) \\S+ ON \\S+ CANCELLED AT \\S+ DUE TO TIME LIMIT'] } },
  ],
} as const satisfies DiagnosisRule;
