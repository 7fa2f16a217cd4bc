import { readFileSync } from 'node:fs';
import { backendSchemas, buildProcessSrunCommand, planDeployment } from '@srt/backends';
import {
  type ClusterConfig,
  createRuntimeContext,
  deriveResources,
  isSrtError,
  parseClusterConfig,
  loadConfig,
  loadSweep,
  type RuntimeContext,
  shellJoin,
  type SrtConfig,
} from '@srt/core';

/** The frozen cluster of the golden files: aliases of the shipped recipes resolve to fixed paths. */
export function frozenCluster(containerRuntime: 'pyxis' | 'none' = 'pyxis'): ClusterConfig {
  const text = [
    'model_paths: { deepseek-r1: /models/deepseek-r1, dsfp4: /models/dsfp4, dsfp8: /models/dsfp8, qwen32b: /models/qwen32b }',
    'containers: { "0.5.5.post2": /containers/sglang-0.5.5.post2.sqsh, latest: /containers/sglang-latest.sqsh }',
    `container_runtime: ${containerRuntime}`,
  ].join('\n');
  return parseClusterConfig(text, { source: 'srtslurm.yaml' }).config;
}

/** Nodes n01…, addresses 10.0.0.<i>, cwd /work, job 4242. */
export function frozenRuntime(config: SrtConfig, cluster: ClusterConfig, nodeCount = deriveResources(config.resources).totalNodes): RuntimeContext {
  const nodes = Array.from({ length: Math.max(1, nodeCount) }, (_, i) => `n${String(i + 1).padStart(2, '0')}`);
  return createRuntimeContext(
    config,
    { jobId: '4242', nodes, nodeAddrs: new Map(nodes.map((n, i) => [n, `10.0.0.${i + 1}`])) },
    {
      cwd: '/work',
      vars: { HOME: '/home/user' },
      cluster,
      selfCommand: ['node', '/srt/dist/srtctl.mjs'],
      srtctlRoot: '/srt',
      configsDir: '/srt/configs',
      benchmarkScriptsDir: '/srt/benchmarks/scripts',
    },
  );
}

/** Every job of a recipe file (one, or each sweep point), loaded as `srtctl` loads them. */
export async function loadRecipeJobs(path: string, cluster: ClusterConfig): Promise<{ readonly name: string; readonly config: SrtConfig }[]> {
  const opts = { backends: backendSchemas, cluster: { path: 'srtslurm.yaml', config: cluster, warnings: [] } };
  if (/^sweep:/m.test(readFileSync(path, 'utf8'))) return (await loadSweep(path, opts)).jobs.map((j) => ({ name: j.name, config: j.config }));
  const { config } = await loadConfig(path, opts);
  return [{ name: config.name, config }];
}

/** The golden text of one job: every process argv, env, srun line, nginx.conf and health plan. */
export function renderDeploymentGolden(config: SrtConfig, cluster: ClusterConfig): string {
  const runtime = frozenRuntime(config, cluster);
  let plan: ReturnType<typeof planDeployment>;
  try {
    plan = planDeployment(config, runtime, { cluster });
  } catch (e) {
    if (!isSrtError(e)) throw e;
    return [`error ${e.code}: ${e.message}`, ...e.details.map((d) => `  ${d}`), ''].join('\n');
  }
  const out: string[] = [];
  const section = (title: string): void => {
    out.push('', `## ${title}`);
  };
  out.push(`nodes: ${runtime.nodes.worker.join(' ')} (head ${runtime.nodes.head}); container runtime: ${runtime.containerRuntime}; router mode: ${plan.useSglangRouter}`);
  for (const role of ['head', 'worker', 'nginx', 'frontend'] as const) {
    const ps = plan.processes.filter((p) => p.role === role);
    if (ps.length === 0) continue;
    section(`${role} argv`);
    for (const p of ps) out.push(`${p.name} @ ${p.node}: ${shellJoin(p.argv)}`);
  }
  section('srun');
  for (const p of plan.processes) out.push(`${p.name}: ${shellJoin(buildProcessSrunCommand(p, runtime))}`);
  section('health');
  out.push(`${plan.health.format} ${plan.health.url} expect prefill=${plan.health.expectedPrefill} decode=${plan.health.expectedDecode} every ${plan.health.intervalMs} ms for ${plan.health.timeoutMs} ms`);
  for (const f of plan.files) {
    section(`file ${f.path}`);
    out.push(f.content);
  }
  return `${out.join('\n')}\n`;
}
