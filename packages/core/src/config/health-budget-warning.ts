import type { ConfigIssue } from './config-error.ts';
import type { RuleInput } from './config-rule.ts';
import { DEFAULT_TIME_LIMIT, parseSlurmTimeLimit } from './slurm-time-limit.ts';

/**
 * Warns when the readiness budgets, `head_services + max(frontend, workers)`, exceed the job's
 * SLURM time limit (variants-and-workflows.md §6.4 point 6): SLURM would end the job before
 * a slow phase is reported.
 *
 * @example healthBudgetWarning({ config, document }) // slurm.time_limit '00:30:00' → [{ path: ['slurm', 'time_limit'], message: 'the readiness budgets (3000 s: …) exceed slurm.time_limit 00:30:00; SLURM will end the job first' }]
 */
export function healthBudgetWarning({ config }: RuleInput): readonly ConfigIssue[] {
  const h = config.health_check;
  const limitText = config.slurm.time_limit ?? DEFAULT_TIME_LIMIT;
  const limit = parseSlurmTimeLimit(limitText);
  const budget = h.head_services_timeout_seconds + Math.max(h.frontend_timeout_seconds, h.max_attempts * h.interval_seconds);
  if (limit === undefined || budget <= limit) return [];
  const which = config.slurm.time_limit == null ? `the default time limit ${limitText}` : `slurm.time_limit ${limitText}`;
  return [
    {
      path: config.slurm.time_limit == null ? ['health_check'] : ['slurm', 'time_limit'],
      message: `the readiness budgets (${budget} s: head services ${h.head_services_timeout_seconds} s + the longer of frontend ${h.frontend_timeout_seconds} s and workers ${h.max_attempts} × ${h.interval_seconds} s) exceed ${which}; SLURM will end the job first`,
    },
  ];
}
