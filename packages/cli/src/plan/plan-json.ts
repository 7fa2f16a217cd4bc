import type { PlannedProcess } from '@srt/core';
import type { LaunchPlan } from './plan-launch.ts';

function processJson(p: PlannedProcess): Record<string, unknown> {
  return {
    name: p.name,
    role: p.role,
    node: p.node,
    mode: p.mode ?? null,
    index: p.index ?? null,
    argv: p.argv,
    env: Object.fromEntries(p.env),
    preamble: p.preamble ?? null,
    log_file: p.logFile,
    critical: p.critical,
    container: p.container,
    readiness: p.readiness,
  };
}

/** The whole launch plan as plain JSON data (`srtctl dry-run --json`): script, processes in start order, files, health, runtime. */
export function planToJson(plan: LaunchPlan, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const { runtime } = plan;
  return {
    ...extra,
    job_name: plan.config.name,
    sbatch_script: plan.sbatchScript,
    processes: plan.processes.map(processJson),
    files: plan.deployment.files,
    health: plan.deployment.health,
    frontend_topology: plan.deployment.frontendTopology,
    endpoints: plan.deployment.endpoints,
    runtime: { ...runtime, nodeAddrs: Object.fromEntries(runtime.nodeAddrs) },
    config: plan.config,
  };
}
