import { renderContainerMounts } from '@srt/backends/plan';
import type { RuntimeContext } from '@srt/core';

const RULE = '='.repeat(60);

/** The URL clients use: the head node's public frontend port. */
export function frontendUrl(runtime: RuntimeContext, executorKind: 'slurm' | 'local'): string {
  const host = executorKind === 'local' ? runtime.headNodeIp : runtime.nodes.head;
  return `http://${host}:${runtime.frontendPort}`;
}

/**
 * The "Connection Commands" block of orchestrator.md §7, one string per log record: the
 * frontend URL and, on SLURM, the srun command that opens a shell on each node of the job
 * (with the container flags under pyxis). A local run prints where its logs are instead.
 */
export function renderConnectionInfo(runtime: RuntimeContext, executorKind: 'slurm' | 'local'): string[] {
  const out = ['', RULE, 'Connection Commands', RULE, `Frontend URL: ${frontendUrl(runtime, executorKind)}`];
  if (executorKind === 'local') {
    out.push(`Logs: ${runtime.logDir}`, RULE, '');
    return out;
  }
  const container = runtime.containerRuntime === 'pyxis' ? containerFlags(runtime) : '';
  const connect = (node: string): string => `  srun ${container}--jobid ${runtime.jobId} -w ${node} --overlap --pty bash`;
  out.push('', `To connect to head node (${runtime.nodes.head}):`, connect(runtime.nodes.head));
  for (const node of runtime.nodes.worker) {
    if (node === runtime.nodes.head) continue;
    out.push('', `To connect to worker node (${node}):`, connect(node));
  }
  out.push(RULE, '');
  return out;
}

function containerFlags(runtime: RuntimeContext): string {
  const mounts = renderContainerMounts(runtime.containerMounts);
  return `--container-image=${runtime.containerImage}${mounts ? ` --container-mounts=${mounts}` : ''} `;
}
