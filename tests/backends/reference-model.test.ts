/**
 * Every worker and frontend of every shipped example recipe against an independent model of
 * the reference (backends.md §2–§7, config.md §7.2/§7.4/§8.1) written from the spec, with
 * only the substitutions docs/porting-notes.md lists (B1 container paths, B2 router flags,
 * B4 profiling → router, B5 served name, B6 dump path). The golden files pin the output;
 * this checks it is the reference's, line by line, whatever the golden files say.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildProcessSrunCommand, planDeployment } from '@srt/backends';
import { deriveResources, type Process, type SrtConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { frozenCluster, frozenRuntime, loadRecipeJobs } from './render-deployment-golden.ts';

const EXAMPLES = '/work/shared/spec/examples';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((e) => (statSync(join(dir, e)).isDirectory() ? yamlFiles(join(dir, e)) : e.endsWith('.yaml') ? [join(dir, e)] : []))
    .sort();
}

type Map_ = Readonly<Record<string, unknown>>;
const MAP_KEY = { prefill: 'prefill', decode: 'decode', agg: 'aggregated' } as const;

/** Python `str()` for the scalar kinds the shipped recipes use; anything else fails loudly. */
function pyScalar(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null) return 'None';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e15 && (Number.isInteger(v) || Math.abs(v) >= 1e-4)) return String(v);
  throw new Error(`model does not cover ${JSON.stringify(v)}`);
}

/** `_config_to_cli_args` (backends.md §3). */
function cliArgs(map: Map_ | null | undefined): string[] {
  const out: string[] = [];
  for (const key of Object.keys(map ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const v = map![key];
    const flag = `--${key.replaceAll('_', '-')}`;
    if (v === true) out.push(flag);
    else if (v === false || v === null) continue;
    else if (Array.isArray(v)) out.push(flag, ...v.map(pyScalar));
    else out.push(flag, pyScalar(v));
  }
  return out;
}

/** `get_router_args_list` (config.md §8.1). */
function routerArgs(map: Map_ | null | undefined): string[] {
  return Object.entries(map ?? {}).flatMap(([k, v]) => (v === true ? [`--${k}`] : v === false || v === null ? [] : [`--${k}`, pyScalar(v)]));
}

function referenceWorkerArgv(config: SrtConfig, p: Process, group: readonly Process[], routerMode: boolean): string[] {
  const sc = (config.backend as Map_)['sglang_config'] as Record<string, Map_ | null> | null | undefined;
  const own = sc?.[MAP_KEY[p.endpointMode]];
  const named = (m: Map_ | null | undefined): unknown => m?.['served-model-name'] || m?.['served_model_name'];
  const name = named(own) || named(sc?.['prefill']) || named(sc?.['aggregated']) || config.model.path.replace(/\/+$/, '').split('/').pop(); // B5 fix
  const nodes = [...new Set(group.map((g) => g.node))];
  const stem = `${p.node}_${p.endpointMode}_w${p.endpointIndex}`;
  const argv: string[] = [];
  if (config.profiling.type === 'nsys') {
    argv.push(...'nsys profile -t cuda,nvtx --cuda-graph-trace=node -c cudaProfilerApi --capture-range-end stop --force-overwrite true -o'.split(' '), `/logs/${stem}_profile`); // B1
  }
  argv.push('python3', '-m', routerMode ? 'sglang.launch_server' : 'dynamo.sglang', '--model-path', '/model', '--served-model-name', String(name), '--host', '0.0.0.0'); // B1
  if (routerMode) argv.push('--port', String(p.httpPort));
  const mapSets = (k: string): boolean => own?.[k] != null && own[k] !== false || own?.[k.replaceAll('-', '_')] != null && own[k.replaceAll('-', '_')] !== false;
  if (p.endpointMode !== 'agg' && (!routerMode || !mapSets('disaggregation-mode'))) argv.push('--disaggregation-mode', p.endpointMode); // B2 fix in router mode
  if (routerMode && p.endpointMode === 'prefill' && !mapSets('disaggregation-bootstrap-port')) argv.push('--disaggregation-bootstrap-port', String(p.bootstrapPort)); // B2 fix
  if (nodes.length > 1) argv.push('--dist-init-addr', `10.0.0.${Number(nodes[0]!.slice(1))}:29500`, '--nnodes', String(nodes.length), '--node-rank', String(nodes.indexOf(p.node)));
  if (!routerMode && config.enable_config_dump) argv.push('--dump-config-to', `/logs/${stem}_config.json`); // B1 + B6
  argv.push(...cliArgs(own));
  return argv;
}

function referenceWorkerEnv(config: SrtConfig, p: Process, gpusPerNode: number): [string, string][] {
  const env = new Map<string, string>([
    ['HEAD_NODE_IP', '10.0.0.1'],
    ['ETCD_ENDPOINTS', 'http://n01:2379'],
    ['NATS_SERVER', 'nats://n01:4222'],
    ['DYN_SYSTEM_PORT', String(p.sysPort)],
  ]);
  const modeEnv = (config.backend as Map_)[`${MAP_KEY[p.endpointMode]}_environment`] as Record<string, string> | undefined;
  for (const [k, v] of Object.entries(modeEnv ?? {})) env.set(k, v);
  for (const [k, v] of Object.entries(config.environment)) env.set(k, v);
  const prof = config.profiling;
  if (prof.type !== 'none') {
    env.set('PROFILING_MODE', p.endpointMode);
    if (prof.isl != null) env.set('PROFILE_ISL', String(prof.isl));
    if (prof.osl != null) env.set('PROFILE_OSL', String(prof.osl));
    if (prof.concurrency != null) env.set('PROFILE_CONCURRENCY', String(prof.concurrency));
    const phase = prof[MAP_KEY[p.endpointMode]];
    const up = p.endpointMode.toUpperCase();
    if (phase?.start_step != null) env.set(`PROFILE_${up}_START_STEP`, String(phase.start_step));
    if (phase?.stop_step != null) env.set(`PROFILE_${up}_STOP_STEP`, String(phase.stop_step));
    if (prof.type === 'torch') env.set('SGLANG_TORCH_PROFILER_DIR', `/logs/profiles/${p.endpointMode}`); // B1
  }
  if (p.gpuIndices.length < gpusPerNode) env.set('CUDA_VISIBLE_DEVICES', [...p.gpuIndices].sort((a, b) => a - b).join(','));
  return [...env];
}

function referencePreamble(config: SrtConfig, routerMode: boolean): string | undefined {
  const s = config.setup_script;
  const parts = s ? [`echo 'Running setup script: /configs/${s}' && if [ -f '/configs/${s}' ]; then bash '/configs/${s}'; else echo 'WARNING: /configs/${s} not found'; fi`] : [];
  if (!routerMode) parts.push("echo 'Installing dynamo...' && pip install --quiet ai-dynamo-runtime==0.7.0 ai-dynamo==0.7.0 && echo 'Dynamo installed'");
  return parts.length > 0 ? parts.join(' && ') : undefined;
}

/** Python `shlex.quote`. */
function shQuote(w: string): string {
  return w === '' ? "''" : /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.split("'").join(`'"'"'`)}'`;
}

/** `start_srun_process` with the orchestrator's arguments (backends.md §8; mounts in topology.md §8 order; `image|mounts`). */
function referenceSrun(p: { node: string; logFile: string; argv: readonly string[]; env: readonly (readonly [string, string])[]; preamble?: string | undefined }, mounts: string): string[] {
  const script = [...(p.preamble ? [p.preamble] : []), ...p.env.map(([k, v]) => `export ${k}=${shQuote(v)}`), p.argv.map(shQuote).join(' ')].join(' && ');
  return [
    'srun', '--overlap', '--nodes', '1', '--ntasks', '1', '--nodelist', p.node, '--output', p.logFile,
    '--container-image', mounts.split('|')[0]!, '--no-container-entrypoint', '--no-container-mount-home', '--container-mounts', mounts.split('|')[1]!,
    'bash', '-c', script,
  ];
}

const CASES = yamlFiles(EXAMPLES).map((f) => ({ name: relative(EXAMPLES, f), file: f }));

describe('planDeployment against the spec model of the reference', () => {
  it.each(CASES)('$name: workers and frontends are the reference lines with the documented substitutions only', async ({ file }) => {
    const cluster = frozenCluster('pyxis');
    for (const { config } of await loadRecipeJobs(file, cluster)) {
      const runtime = frozenRuntime(config, cluster, deriveResources(config.resources).totalNodes);
      const plan = planDeployment(config, runtime, { cluster });
      const routerMode = config.frontend.use_sglang_router || config.profiling.type !== 'none'; // B4 fix
      expect(plan.useSglangRouter).toBe(routerMode);

      const byName = new Map(plan.processes.map((p) => [p.name, p]));
      for (const w of plan.workers) {
        const group = plan.workers.filter((g) => g.endpointMode === w.endpointMode && g.endpointIndex === w.endpointIndex);
        const planned = byName.get(`${w.endpointMode}_${w.endpointIndex}_${w.node}`)!;
        expect(planned.argv).toStrictEqual(referenceWorkerArgv(config, w, group, routerMode));
        expect(planned.env).toStrictEqual(referenceWorkerEnv(config, w, runtime.gpusPerNode));
        expect(planned.preamble).toBe(referencePreamble(config, routerMode));
        expect(planned.logFile).toBe(`/work/outputs/4242/logs/${w.node}_${w.endpointMode}_w${w.endpointIndex}.out`);
      }

      const frontends = plan.processes.filter((p) => p.role === 'frontend');
      const port = runtime.nodes.worker.length > 1 && config.frontend.enable_multiple_frontends ? 8080 : 8000;
      const leaders = plan.workers.filter((w) => w.nodeRank === 0);
      const url = (w: Process): string => `http://10.0.0.${Number(w.node.slice(1))}:${w.httpPort}`;
      for (const f of frontends) {
        if (routerMode) {
          expect(leaders.some((w) => w.endpointMode === 'agg')).toBe(false); // B3 changes agg-only routers; none shipped
          const bootstrapOf = (w: Process): number => {
            const own = ((config.backend as Map_)['sglang_config'] as Record<string, Map_ | null> | null)?.['prefill'];
            const fromMap = own?.['disaggregation-bootstrap-port'] ?? own?.['disaggregation_bootstrap_port'];
            return fromMap != null && fromMap !== false ? Number(fromMap) : w.bootstrapPort!; // B2: the port the worker serves on
          };
          expect(f.argv).toStrictEqual([
            'python', '-m', 'sglang_router.launch_router', '--pd-disaggregation',
            ...leaders.filter((w) => w.endpointMode === 'prefill').flatMap((w) => ['--prefill', url(w), String(bootstrapOf(w))]),
            ...leaders.filter((w) => w.endpointMode === 'decode').flatMap((w) => ['--decode', url(w)]),
            '--host', '0.0.0.0', '--port', String(port), ...routerArgs(config.frontend.sglang_router_args),
          ]);
          expect([f.env, f.preamble, f.logFile]).toStrictEqual([[], undefined, `/work/outputs/4242/logs/${f.node}_router_${f.index}.out`]);
        } else {
          expect(f.argv).toStrictEqual(['python3', '-m', 'dynamo.frontend', `--http-port=${port}`, ...routerArgs(config.frontend.dynamo_frontend_args)]);
          expect(f.env).toStrictEqual([['ETCD_ENDPOINTS', 'http://n01:2379'], ['NATS_SERVER', 'nats://n01:4222']]);
          expect(f.preamble).toBe(referencePreamble(config, false));
          expect(f.logFile).toBe(`/work/outputs/4242/logs/${f.node}_frontend_${f.index}.out`);
        }
      }
      expect(frontends.length).toBeGreaterThan(0);

      const mounts = `${runtime.containerImage}|${runtime.modelPath}:/model,/work/outputs/4242/logs:/logs,/srt/configs:/configs,/srt/benchmarks/scripts:/srtctl-benchmarks`;
      for (const p of plan.processes) expect(buildProcessSrunCommand(p, runtime)).toStrictEqual(referenceSrun(p, mounts));
    }
  });
});
