import { describe, expect, it } from 'vitest';
import { healthCheckReport, renderHealthCheckReport } from './readiness-budgets.ts';

const effective = { max_attempts: 360, interval_seconds: 10, head_services_timeout_seconds: 2400, frontend_timeout_seconds: 1200 };

describe('healthCheckReport', () => {
  it('names the source of every key: recipe, then srtslurm.yaml, then the default', () => {
    const report = healthCheckReport(effective, { health_check: { interval_seconds: 10, max_attempts: null } }, { default_health_check: { max_attempts: 360, head_services_timeout_seconds: 2400 } });
    expect(report).toStrictEqual({
      head_services_timeout_seconds: { value: 2400, source: 'srtslurm.yaml' },
      frontend_timeout_seconds: { value: 1200, source: 'default' },
      max_attempts: { value: 360, source: 'srtslurm.yaml' },
      interval_seconds: { value: 10, source: 'recipe' },
      benchmark_timeout_seconds: { value: null, source: 'default' },
    });
    expect(renderHealthCheckReport(report)).toStrictEqual([
      'head services 2400 s (srtslurm.yaml)',
      'frontend 1200 s (default)',
      'workers 360 × 10 s = 3600 s (max_attempts: srtslurm.yaml, interval_seconds: recipe)',
      'benchmark unbounded (default)',
    ]);
  });

  it('reports everything as default without a health_check block or cluster file', () => {
    const report = healthCheckReport({ ...effective, benchmark_timeout_seconds: 600 }, { name: 'x' }, undefined);
    expect(renderHealthCheckReport(report)).toStrictEqual(['head services 2400 s (default)', 'frontend 1200 s (default)', 'workers 360 × 10 s = 3600 s (default)', 'benchmark 600 s (default)']);
  });
});
