import { type PlannedProcess, type Process, shellJoin } from '@srt/core';
import { renderTable } from '../output/table.ts';
import type { LaunchPlan } from './plan-launch.ts';

function workerPorts(p: Process): string {
  const ports = [p.httpPort > 0 ? `http ${p.httpPort}` : '', p.isLeader && p.bootstrapPort !== undefined ? `bootstrap ${p.bootstrapPort}` : '', `sys ${p.sysPort}`];
  return ports.filter((x) => x !== '').join(', ');
}

function workerOf(p: PlannedProcess, workers: readonly Process[]): Process | undefined {
  return p.role === 'worker' ? workers.find((x) => x.endpointMode === p.mode && x.endpointIndex === p.index && x.node === p.node) : undefined;
}

function portsOf(p: PlannedProcess, plan: LaunchPlan): string {
  const w = workerOf(p, plan.deployment.workers);
  if (w !== undefined) return workerPorts(w);
  const topo = plan.deployment.frontendTopology;
  if (p.role === 'frontend') return String(topo.frontendPort);
  if (p.role === 'nginx') return String(topo.publicPort);
  if (p.readiness.kind === 'tcp') return String(p.readiness.port);
  if (p.readiness.kind === 'http') return /:(\d+)(\/|$)/.exec(p.readiness.url)?.[1] ?? '-';
  return '-';
}

/** The plan's processes as table rows: process, node, GPUs, ports, mode/index. */
export function planRows(plan: LaunchPlan): string[][] {
  return plan.processes.map((p) => [
    p.name,
    p.node,
    workerOf(p, plan.deployment.workers)?.cudaVisibleDevices ?? p.env.find(([k]) => k === 'CUDA_VISIBLE_DEVICES')?.[1] ?? '-',
    portsOf(p, plan),
    p.mode === undefined ? p.role : `${p.mode}/${p.index ?? 0}`,
  ]);
}

/** One shell line per process: its environment exports, then its argv, quoted. */
export function renderCommand(p: PlannedProcess): string {
  const env = p.env.map(([k, v]) => `${k}=${v}`);
  return [...(p.preamble === undefined || p.preamble === '' ? [] : [`(${p.preamble}) &&`]), shellJoin([...(env.length > 0 ? ['env', ...env] : []), ...p.argv])].join(' ');
}

/**
 * The readable plan of `srtctl dry-run`: where everything runs, then every command; `budgets`
 * adds the readiness budgets line.
 *
 * @example process.stdout.write(renderPlan(planLaunch(config, runtime)));
 */
export function renderPlan(plan: LaunchPlan, opts: { readonly budgets?: readonly string[] } = {}): string {
  const { runtime, deployment } = plan;
  const topo = deployment.frontendTopology;
  const lines = [
    `Job ${plan.config.name}: ${runtime.nodes.worker.length} nodes (head ${runtime.nodes.head}), ${runtime.gpusPerNode} GPUs per node`,
    `Frontend: http://${runtime.headNodeIp}:${topo.publicPort}${topo.usesNginx ? ` (nginx on ${topo.nginxNode ?? '?'} → ${topo.frontendNodes.length} frontends on port ${topo.frontendPort})` : ''}`,
    `Health: ${deployment.health.url} (${deployment.health.format}, expecting ${deployment.health.expectedPrefill} prefill + ${deployment.health.expectedDecode} decode/agg)`,
    ...(opts.budgets === undefined ? [] : [`Readiness budgets: ${opts.budgets.join(', ')}`]),
    `Logs: ${runtime.logDir}`,
    '',
    renderTable({ columns: ['Process', 'Node', 'GPUs', 'Ports', 'Mode/Index'], rows: planRows(plan) }),
    'Commands:',
  ];
  for (const p of plan.processes) lines.push(`  ${p.name} on ${p.node} (log ${p.logFile}):`, `    ${renderCommand(p)}`);
  for (const f of deployment.files) lines.push('', `File ${f.path}:`, ...f.content.split('\n').map((l: string) => `  ${l}`));
  return `${lines.join('\n')}\n`;
}
