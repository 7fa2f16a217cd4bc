import { buildProcessSrunCommand } from '@srt/backends/plan';
import type { Endpoint, PlannedProcess, RuntimeContext } from '@srt/core';
import type { LaunchPlan } from './plan-launch.ts';

function processJson(p: PlannedProcess, runtime: RuntimeContext): Record<string, unknown> {
  return {
    name: p.name,
    role: p.role,
    node: p.node,
    mode: p.mode ?? null,
    index: p.index ?? null,
    argv: p.argv,
    /** The exact command the slurm executor runs for this process (`srun … bash -c '<preamble> && export … && <argv>'`). */
    srun_argv: buildProcessSrunCommand(p, runtime),
    env: Object.fromEntries(p.env),
    preamble: p.preamble ?? null,
    log_file: p.logFile,
    critical: p.critical,
    container: p.container,
    readiness: p.readiness,
  };
}

/** An endpoint with its derived fields spelled out (they are prototype getters, which JSON would drop). */
function endpointJson(e: Endpoint): Record<string, unknown> {
  return {
    mode: e.mode,
    index: e.index,
    nodes: e.nodes,
    gpuIndices: e.gpuIndices,
    gpusPerNode: e.gpusPerNode,
    leaderNode: e.leaderNode,
    numNodes: e.numNodes,
    totalGpus: e.totalGpus,
    isMultiNode: e.isMultiNode,
  };
}

/** The whole launch plan as plain JSON data (`srtctl dry-run --json`): script, processes in start order, files, health, runtime. */
export function planToJson(plan: LaunchPlan, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const { runtime } = plan;
  return {
    ...extra,
    job_name: plan.config.name,
    sbatch_script: plan.sbatchScript,
    processes: plan.processes.map((p) => processJson(p, runtime)),
    files: plan.deployment.files,
    health: plan.deployment.health,
    frontend_topology: plan.deployment.frontendTopology,
    endpoints: plan.deployment.endpoints.map(endpointJson),
    runtime: { ...runtime, nodeAddrs: Object.fromEntries(runtime.nodeAddrs) },
    config: plan.config,
  };
}
