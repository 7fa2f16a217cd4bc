import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.ts';

const BASE = `name: r
model: { path: /m, container: /c.sqsh, precision: fp8 }
resources: { gpu_type: h100, gpus_per_node: 4, agg_nodes: 1, agg_workers: 1 }
`;
const warnings = (text: string, cluster?: Parameters<typeof parseConfig>[1]['cluster']) =>
  parseConfig(`${BASE}${text}`, { source: 'r.yaml', ...(cluster === undefined ? {} : { cluster }) }).warnings;

describe('healthBudgetWarning', () => {
  it('is quiet when head services + the longer of frontend and workers fit the time limit (defaults: 3000 s in 1 h)', () => {
    expect(warnings('')).toStrictEqual([]);
    expect(warnings('slurm: { time_limit: "00:50:00" }\n')).toStrictEqual([]);
  });

  it('warns at slurm.time_limit when the budgets exceed it', () => {
    expect(warnings('slurm:\n  time_limit: "00:30:00"\n')).toStrictEqual([
      'r.yaml:5:15 slurm.time_limit: the readiness budgets (3000 s: head services 1200 s + the longer of frontend 1200 s and workers 180 × 10 s) exceed slurm.time_limit 00:30:00; SLURM will end the job first',
    ]);
  });

  it('warns at health_check against the default time limit, counting cluster defaults', () => {
    const cluster = { container_runtime: 'pyxis', use_gpus_per_node_directive: true, use_segment_sbatch_directive: true, default_health_check: { max_attempts: 720 } } as const;
    expect(warnings('health_check:\n  interval_seconds: 5\n', cluster)).toStrictEqual([
      'r.yaml:4:1 health_check: the readiness budgets (4800 s: head services 1200 s + the longer of frontend 1200 s and workers 720 × 5 s) exceed the default time limit 01:00:00; SLURM will end the job first',
    ]);
  });
});
