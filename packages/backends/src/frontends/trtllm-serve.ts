import type { FrontendConfig, PlannedFile, Process, RuntimeContext, StartGate } from '@srt/core';
import { SrtError } from '@srt/core';
import { pyYamlDump } from '../engine/py-yaml-dump.ts';
import { nodeAddress } from '../worker/node-address.ts';

const isMap = (x: unknown): x is Readonly<Record<string, unknown>> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** `a` with `b` merged in recursively (maps merge, anything else replaces; E12). */
function deepMerge(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isMap(out[k]) && isMap(v) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/**
 * Worker URLs (no scheme) of the trtllm-serve orchestrator: every leader, prefill then decode (engines.md §5.3).
 *
 * @example trtllmServeUrls(workers, runtime) // → { context: ['10.0.0.1:6100'], generation: ['10.0.0.2:6100'] }
 */
export function trtllmServeUrls(workers: readonly Process[], runtime: Pick<RuntimeContext, 'nodeAddrs'>): { readonly context: string[]; readonly generation: string[] } {
  const leaders = workers.filter((p) => p.isLeader);
  const url = (p: Process): string => `${nodeAddress(runtime, p.node)}:${p.httpPort}`;
  const context = leaders.filter((p) => p.endpointMode === 'prefill').map(url);
  const generation = leaders.filter((p) => p.endpointMode === 'decode').map(url);
  if (context.length === 0 || generation.length === 0) {
    throw new SrtError('SRT_CONFIG_INVALID', `trtllm_serve requires disaggregated prefill and decode workers (got ${context.length} prefill, ${generation.length} decode)`);
  }
  return { context, generation };
}

/**
 * `ser.yaml` of `trtllm-serve disaggregated` (engines.md §5.3 step 4): context and generation
 * servers with their routers, hostname, the public port, then `server_config_extra` deep-merged
 * (E12; the owned keys are rejected at load).
 *
 * @example buildSerConfig({ context: ['10.0.0.1:6100'], generation: ['10.0.0.2:6100'] }, config.frontend, 8000) // → 'context_servers:\n  num_instances: 1\n  urls:\n  - 10.0.0.1:6100\ngeneration_servers:\n  …\nhostname: 0.0.0.0\nport: 8000\n'
 */
export function buildSerConfig(urls: { readonly context: readonly string[]; readonly generation: readonly string[] }, frontend: FrontendConfig, port: number): string {
  const doc: Record<string, unknown> = {
    context_servers: { num_instances: urls.context.length, urls: urls.context, ...(frontend.ctx_router == null ? {} : { router: frontend.ctx_router }) },
    generation_servers: { num_instances: urls.generation.length, urls: urls.generation, ...(frontend.gen_router == null ? {} : { router: frontend.gen_router }) },
    hostname: '0.0.0.0',
    port,
  };
  return pyYamlDump(deepMerge(doc, frontend.server_config_extra ?? {}), { sortKeys: false });
}

/**
 * The ser.yaml file, and one gate per worker `/health` the orchestrator waits for (E12: all at once, one deadline).
 *
 * @example const { file, gates } = planTrtllmServe(workers, runtime, config.frontend, 'trtllm_serve_orchestrator') // file.path → '/out/42/logs/ser.yaml'; gates[0].url → 'http://10.0.0.1:6100/health'
 */
export function planTrtllmServe(workers: readonly Process[], runtime: RuntimeContext, frontend: FrontendConfig, before: string): { readonly file: PlannedFile; readonly gates: StartGate[] } {
  const urls = trtllmServeUrls(workers, runtime);
  const file = { path: `${runtime.logDir}/ser.yaml`, content: buildSerConfig(urls, frontend, runtime.frontendPort) };
  const gates = [...urls.context, ...urls.generation].map((u) => ({
    label: `trtllm-serve worker ${u}`,
    url: `http://${u}/health`,
    before: [before],
    failure: `trtllm-serve worker ${u} did not become healthy`,
  }));
  return { file, gates };
}
