/**
 * The worked examples of engines.md §8 (produced by running upstream v1.0.68), reproduced
 * through the whole pipeline (parseConfig → createRuntimeContext → planDeployment → srun).
 * The reference lines are copied from the spec with its placeholders; each placeholder is
 * replaced by exactly the documented substitution (docs/porting-notes.md, section Engines):
 * `<C>` = this job's container flags (G1: the port's mount list), `<DYN-INSTALL v>` = our
 * install step (G2: default 0.7.0), `( <FP:x> )` dropped (G3), E8 config-dump paths and the
 * E15 deterministic `TRTLLM_EPLB_SHM_NAME`. Any other difference fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backendSchemas, buildProcessSrunCommand, dynamoInstallStep, eplbShmName, planDeployment, renderContainerMounts } from '@srt/backends';
import { createRuntimeContext, parseConfig, type RuntimeContext, type SrtConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';

const RECIPES = join(import.meta.dirname, 'engine-recipes');
const LOGS = '/cwd/outputs/12345/logs';

function load(name: string): SrtConfig {
  return parseConfig(readFileSync(join(RECIPES, `${name}.yaml`), 'utf8'), { source: `${name}.yaml`, backends: backendSchemas }).config;
}

function runtimeFor(config: SrtConfig): RuntimeContext {
  const nodes = ['gpu-01', 'gpu-02'];
  return createRuntimeContext(
    config,
    { jobId: '12345', nodes, nodeAddrs: new Map(nodes.map((n, i) => [n, `10.0.0.${i + 1}`])) },
    { cwd: '/cwd', vars: {}, selfCommand: ['node', '/SRC/srtctl.mjs'], srtctlRoot: '/SRC', configsDir: '/SRC/configs', benchmarkScriptsDir: '/SRC/src/srtctl/benchmarks/scripts' },
  );
}

const DYNENV = (p: number): string =>
  `export HEAD_NODE_IP=10.0.0.1 && export ETCD_ENDPOINTS=http://gpu-01:2379 && export NATS_SERVER=nats://gpu-01:4222 && export DYN_SYSTEM_PORT=${p}`;
const DYNLOG = 'export DYN_LOG=info,dynamo_runtime::pipeline::network::ingress::push_handler=warn';

/** The spec's placeholder line → argv tokens, with the documented substitutions (see the file comment). */
function reference(line: string, runtime: RuntimeContext, bash: string): string[] {
  const c = ['--container-image', runtime.containerImage, '--no-container-entrypoint', '--no-container-mount-home', '--container-mounts', renderContainerMounts(runtime.containerMounts)];
  const head = line.split(' ').flatMap((t) => (t === '<C>' ? c : [t.replaceAll('<LOGS>', LOGS)]));
  const fixed = bash
    .replaceAll(/<DYN-INSTALL [0-9.]+>/g, dynamoInstallStep(undefined)) // G2
    .replaceAll(/ && \( <FP:[a-z_0-9]+> \)/g, '') // G3
    .replaceAll(/--dump-config-to <LOGS>\/(gpu-0\d)_config\.json/g, (_m, node: string) => `--dump-config-to /logs/${node}_${node === 'gpu-01' ? 'prefill' : 'decode'}_w0_config.json`); // E8
  return [...head, 'bash', '-c', fixed];
}

function srun(config: SrtConfig, runtime: RuntimeContext, name: string): string[] {
  const plan = planDeployment(config, runtime);
  const p = plan.processes.find((x) => x.name === name);
  if (p === undefined) throw new Error(`no process ${name}: ${plan.processes.map((x) => x.name).join(', ')}`);
  return buildProcessSrunCommand(p, runtime);
}

const SRUN1 = (node: string, out: string): string => `srun --jobid 12345 --overlap --nodes 1 --ntasks 1 --nodelist ${node} --output <LOGS>/${out} <C>`;
const MPI8 = (node: string, out: string): string => `srun --jobid 12345 --overlap --mpi pmix --oversubscribe --cpu-bind=verbose,none --nodes 1 --ntasks 8 --nodelist ${node} --output <LOGS>/${out} <C>`;
const NIXL = `'{"kv_connector": "NixlConnector", "kv_role": "kv_both"}'`;
const EVENTS = (port: number): string => `'{"publisher": "zmq", "topic": "kv-events", "enable_kv_cache_events": true, "endpoint": "tcp://*:${port}"}'`;

describe('engines.md §8.1 vLLM 1P + 1D behind Dynamo', () => {
  const config = load('vllm-1p1d-dynamo');
  const runtime = runtimeFor(config);
  const install = '--export=ALL,ENROOT_REMAP_ROOT=yes';

  it('prefill worker', () => {
    const bash = `${DYNENV(7500)} && export DYN_REQUEST_PLANE=tcp && export DYN_SKIP_SGLANG_LOG_FORMATTING=1 && ${DYNLOG} && export VLLM_LOG=1 && export DYN_VLLM_KV_EVENT_PORT=5200 && export VLLM_NIXL_SIDE_CHANNEL_PORT=5400 && export VLLM_NIXL_SIDE_CHANNEL_HOST=10.0.0.1 && export VLLM_PORT=20000 && <DYN-INSTALL 0.8.0> && ( <FP:prefill_w0> ) && python3 -m dynamo.vllm --model /model --served-model-name Qwen3-32B --disaggregation-mode prefill --kv-transfer-config ${NIXL} --device-ids 0,1,2,3,4,5,6,7 --request-plane tcp --dump-config-to <LOGS>/gpu-01_config.json --kv-events-config ${EVENTS(5200)} --gpu-memory-utilization 0.9 --max-model-len 16384 --tensor-parallel-size 8`;
    expect(srun(config, runtime, 'prefill_0_gpu-01')).toStrictEqual(reference(`${SRUN1('gpu-01', 'gpu-01_prefill_w0.out')} ${install}`, runtime, bash));
  });

  it('decode worker (DP8 per_node)', () => {
    const bash = `${DYNENV(7501)} && export DYN_REQUEST_PLANE=tcp && export DYN_SKIP_SGLANG_LOG_FORMATTING=1 && ${DYNLOG} && export DYN_VLLM_KV_EVENT_PORT=5201 && export VLLM_NIXL_SIDE_CHANNEL_PORT=5401 && export VLLM_NIXL_SIDE_CHANNEL_HOST=10.0.0.2 && export VLLM_PORT=20050 && <DYN-INSTALL 0.8.0> && ( <FP:decode_w0> ) && python3 -m dynamo.vllm --model /model --served-model-name Qwen3-32B --disaggregation-mode decode --kv-transfer-config ${NIXL} --device-ids 0,1,2,3,4,5,6,7 --data-parallel-size-local 8 --data-parallel-start-rank 0 --data-parallel-address 10.0.0.2 --data-parallel-rpc-port 8400 --data-parallel-hybrid-lb --request-plane tcp --dump-config-to <LOGS>/gpu-02_config.json --kv-events-config ${EVENTS(5201)} --data-parallel-size 8 --enable-expert-parallel --gpu-memory-utilization 0.85`;
    expect(srun(config, runtime, 'decode_0_gpu-02')).toStrictEqual(reference(`${SRUN1('gpu-02', 'gpu-02_decode_w0.out')} ${install}`, runtime, bash));
  });

  it('Dynamo frontend and health', () => {
    const bash = 'export ETCD_ENDPOINTS=http://gpu-01:2379 && export NATS_SERVER=nats://gpu-01:4222 && export DYN_REQUEST_PLANE=tcp && export DYN_SKIP_SGLANG_LOG_FORMATTING=1 && <DYN-INSTALL 0.8.0> && python3 -m dynamo.frontend --http-port=8000 --router-mode kv';
    const line = 'srun --jobid 12345 --overlap --mpi pmix --nodes 1 --ntasks 1 --nodelist gpu-01 --output <LOGS>/gpu-01_frontend_0.out <C> --export=ALL,ENROOT_REMAP_ROOT=yes';
    expect(srun(config, runtime, 'frontend_0')).toStrictEqual(reference(line, runtime, bash));
    const plan = planDeployment(config, runtime);
    expect(plan.health).toMatchObject({ url: 'http://10.0.0.1:8000/health', format: 'dynamo', expectedPrefill: 1, expectedDecode: 1 });
    expect(plan.workers.map((p) => [p.node, p.sysPort, p.httpPort, p.kvEventsPort, p.nixlPort, p.dpRpcPort])).toStrictEqual([
      ['gpu-01', 7500, 6100, 5200, 5400, undefined],
      ['gpu-02', 7501, 6100, 5201, 5401, 8400],
    ]);
  });
});

describe('engines.md §8.2 vLLM aggregated, direct vllm serve on 2 nodes', () => {
  const config = load('vllm-agg-direct');
  const runtime = runtimeFor(config);
  it('rank 0 is the public server, rank 1 headless; no head services, no frontend', () => {
    const r0 = `${DYNENV(7500)} && export DYN_REQUEST_PLANE=tcp && export DYN_SKIP_SGLANG_LOG_FORMATTING=1 && ${DYNLOG} && export DYN_VLLM_KV_EVENT_PORT=5200 && export VLLM_NIXL_SIDE_CHANNEL_PORT=5400 && export VLLM_NIXL_SIDE_CHANNEL_HOST=10.0.0.1 && export VLLM_PORT=20000 && unset -- VLLM_PORT && ( <FP:agg_w0> ) && vllm serve /model --host 0.0.0.0 --port 8000 --master-addr 10.0.0.1 --nnodes 2 --node-rank 0 --device-ids 0,1,2,3,4,5,6,7 --api-server-count 4 --max-num-seqs 256 --pipeline-parallel-size 2 --served-model-name Qwen3-32B --tensor-parallel-size 8`;
    const r1 = `${DYNENV(7501)} && export DYN_REQUEST_PLANE=tcp && export DYN_SKIP_SGLANG_LOG_FORMATTING=1 && ${DYNLOG} && export DYN_VLLM_KV_EVENT_PORT=5201 && export VLLM_NIXL_SIDE_CHANNEL_PORT=5401 && export VLLM_NIXL_SIDE_CHANNEL_HOST=10.0.0.2 && export VLLM_PORT=20050 && unset -- VLLM_PORT && ( <FP:agg_w0> ) && vllm serve /model --master-addr 10.0.0.1 --nnodes 2 --node-rank 1 --headless --device-ids 0,1,2,3,4,5,6,7 --max-num-seqs 256 --pipeline-parallel-size 2 --served-model-name Qwen3-32B --tensor-parallel-size 8`;
    expect(srun(config, runtime, 'agg_0_gpu-01')).toStrictEqual(reference(SRUN1('gpu-01', 'gpu-01_agg_w0.out'), runtime, r0));
    expect(srun(config, runtime, 'agg_0_gpu-02')).toStrictEqual(reference(SRUN1('gpu-02', 'gpu-02_agg_w0.out'), runtime, r1));
    const plan = planDeployment(config, runtime);
    expect(plan.processes.map((p) => p.name)).toStrictEqual(['agg_0_gpu-01', 'agg_0_gpu-02']);
    expect(plan.health).toMatchObject({ url: 'http://10.0.0.1:8000/health', format: 'vllm', expectedPrefill: 0, expectedDecode: 1 });
  });
});

describe('engines.md §8.3 TRT-LLM 1P + 1D behind Dynamo', () => {
  const config = load('trtllm-1p1d-dynamo');
  const runtime = runtimeFor(config);
  it('one MPI srun per endpoint, engine YAMLs as planned files', () => {
    const p = `${DYNENV(7500)} && export DYN_SKIP_SGLANG_LOG_FORMATTING=1 && ${DYNLOG} && export TRTLLM_ENABLE_PDL=1 && export TRTLLM_EPLB_SHM_NAME=${eplbShmName('12345', 'prefill', 0)} && <DYN-INSTALL 0.8.0> && ( <FP:prefill_w0> ) && trtllm-llmapi-launch python3 -m dynamo.trtllm --model-path /model --served-model-name Qwen3-32B --disaggregation-mode prefill --extra-engine-args /logs/trtllm_config_prefill.yaml --request-plane tcp`;
    const d = `${DYNENV(7501)} && export DYN_SKIP_SGLANG_LOG_FORMATTING=1 && ${DYNLOG} && export TRTLLM_EPLB_SHM_NAME=${eplbShmName('12345', 'decode', 0)} && <DYN-INSTALL 0.8.0> && ( <FP:decode_w0> ) && trtllm-llmapi-launch python3 -m dynamo.trtllm --model-path /model --served-model-name Qwen3-32B --disaggregation-mode decode --extra-engine-args /logs/trtllm_config_decode.yaml --request-plane tcp`;
    const install = '--export=ALL,ENROOT_REMAP_ROOT=yes';
    expect(srun(config, runtime, 'prefill_0_gpu-01')).toStrictEqual(reference(`${MPI8('gpu-01', 'gpu-01_prefill_w0.out')} ${install}`, runtime, p));
    expect(srun(config, runtime, 'decode_0_gpu-02')).toStrictEqual(reference(`${MPI8('gpu-02', 'gpu-02_decode_w0.out')} ${install}`, runtime, d));
    const plan = planDeployment(config, runtime);
    expect(plan.files).toStrictEqual([
      { path: `${LOGS}/trtllm_config_prefill.yaml`, content: 'cache_transceiver_config:\n  backend: DEFAULT\n  max_tokens_in_buffer: 8448\ndisable_overlap_scheduler: true\nmax_batch_size: 16\nmoe_expert_parallel_size: 8\ntensor_parallel_size: 8\n' },
      { path: `${LOGS}/trtllm_config_decode.yaml`, content: 'cache_transceiver_config:\n  backend: DEFAULT\ncuda_graph_config:\n  batch_sizes:\n  - 1\n  - 2\n  - 4\n  - 8\n  enable_padding: true\nmax_batch_size: 256\nmoe_expert_parallel_size: 8\ntensor_parallel_size: 8\n' },
    ]);
    expect(plan.health).toMatchObject({ url: 'http://10.0.0.1:8000/health', format: 'dynamo', expectedPrefill: 1, expectedDecode: 1 });
  });

  it('gains numactl -m 0,1 before trtllm-llmapi-launch on gb200', () => {
    const gb = { ...config, resources: { ...config.resources, gpu_type: 'gb200' } };
    const bash = srun(gb, runtime, 'prefill_0_gpu-01').at(-1)!;
    expect(bash).toContain('&& numactl -m 0,1 trtllm-llmapi-launch python3 -m dynamo.trtllm');
  });
});

describe('engines.md §8.4 TRT-LLM 1P + 1D behind trtllm-serve disaggregated', () => {
  const config = load('trtllm-1p1d-serve');
  const runtime = runtimeFor(config);
  it('workers, gates, ser.yaml and the orchestrator', () => {
    const p = `${DYNENV(7500)} && export DYN_SKIP_SGLANG_LOG_FORMATTING=1 && ${DYNLOG} && export TRTLLM_ENABLE_PDL=1 && export TRTLLM_EPLB_SHM_NAME=${eplbShmName('12345', 'prefill', 0)} && ( <FP:prefill_w0> ) && trtllm-llmapi-launch trtllm-serve /model --host 0.0.0.0 --port 6100 --tensor_parallel_size 8 --moe_expert_parallel_size 8 --config /logs/trtllm_config_prefill.yaml`;
    const d = `${DYNENV(7501)} && export DYN_SKIP_SGLANG_LOG_FORMATTING=1 && ${DYNLOG} && export TRTLLM_EPLB_SHM_NAME=${eplbShmName('12345', 'decode', 0)} && ( <FP:decode_w0> ) && trtllm-llmapi-launch trtllm-serve /model --host 0.0.0.0 --port 6100 --tensor_parallel_size 8 --moe_expert_parallel_size 8 --config /logs/trtllm_config_decode.yaml`;
    expect(srun(config, runtime, 'prefill_0_gpu-01')).toStrictEqual(reference(MPI8('gpu-01', 'gpu-01_prefill_w0.out'), runtime, p));
    expect(srun(config, runtime, 'decode_0_gpu-02')).toStrictEqual(reference(MPI8('gpu-02', 'gpu-02_decode_w0.out'), runtime, d));
    const orchestrator = 'srun --jobid 12345 --overlap --mpi pmix --nodes 1 --ntasks 1 --nodelist gpu-01 --output <LOGS>/gpu-01_trtllm_serve_orchestrator.out <C>';
    expect(srun(config, runtime, 'trtllm_serve_orchestrator')).toStrictEqual(reference(orchestrator, runtime, 'trtllm-serve disaggregated --config /logs/ser.yaml'));
    const plan = planDeployment(config, runtime);
    expect(plan.processes.map((x) => x.name)).toStrictEqual(['prefill_0_gpu-01', 'decode_0_gpu-02', 'trtllm_serve_orchestrator']);
    expect(plan.files.find((f) => f.path.endsWith('ser.yaml'))?.content).toBe(
      'context_servers:\n  num_instances: 1\n  urls:\n  - 10.0.0.1:6100\n  router:\n    type: round_robin\ngeneration_servers:\n  num_instances: 1\n  urls:\n  - 10.0.0.2:6100\nhostname: 0.0.0.0\nport: 8000\nbackend: pytorch\n',
    );
    expect(plan.gates?.map((g) => g.url)).toStrictEqual(['http://10.0.0.1:6100/health', 'http://10.0.0.2:6100/health']);
    expect(plan.health).toMatchObject({ url: 'http://10.0.0.1:8000/health', format: 'trtllm-serve' });
  });
});

describe('engines.md §8.5 TRT-LLM aggregated trtllm-serve', () => {
  const config = load('trtllm-agg-serve');
  const runtime = runtimeFor(config);
  it('one srun, the worker owns port 8000, no frontend process', () => {
    const bash = `${DYNENV(7500)} && export DYN_SKIP_SGLANG_LOG_FORMATTING=1 && ${DYNLOG} && export TRTLLM_SERVER_DISABLE_GC=1 && export TRTLLM_EPLB_SHM_NAME=${eplbShmName('12345', 'agg', 0)} && ( <FP:agg_w0> ) && trtllm-llmapi-launch trtllm-serve /model --host 0.0.0.0 --port 8000 --tensor_parallel_size 8 --config /logs/trtllm_config_agg.yaml`;
    expect(srun(config, runtime, 'agg_0_gpu-01')).toStrictEqual(reference(MPI8('gpu-01', 'gpu-01_agg_w0.out'), runtime, bash));
    const plan = planDeployment(config, runtime);
    expect(plan.processes.map((x) => x.name)).toStrictEqual(['agg_0_gpu-01']);
    expect(plan.files).toStrictEqual([{ path: `${LOGS}/trtllm_config_agg.yaml`, content: 'kv_cache_config:\n  free_gpu_memory_fraction: 0.85\nmax_batch_size: 128\ntensor_parallel_size: 8\n' }]);
    expect(plan.health).toMatchObject({ url: 'http://10.0.0.1:8000/health', format: 'trtllm-serve', expectedPrefill: 0, expectedDecode: 1 });
  });
});

describe('engine golden files', () => {
  it.each(['vllm-1p1d-dynamo', 'vllm-agg-direct', 'trtllm-1p1d-dynamo', 'trtllm-1p1d-serve', 'trtllm-agg-serve'])('renders %s', async (name) => {
    const config = load(name);
    const runtime = runtimeFor(config);
    const plan = planDeployment(config, runtime);
    const text = [
      ...plan.processes.map((p) => `## ${p.name}\n${buildProcessSrunCommand(p, runtime).map((a) => `  ${a}`).join('\n')}`),
      ...plan.files.map((f) => `## file ${f.path}\n${f.content}`),
      `## health ${JSON.stringify(plan.health)}`,
      `## gates ${JSON.stringify(plan.gates ?? [])}`,
    ].join('\n');
    await expect(text).toMatchFileSnapshot(`../golden/engines/${name}.txt`);
  });
});

describe('examples/vllm and examples/trtllm', () => {
  const root = join(import.meta.dirname, '../../examples');
  const files = ['vllm', 'trtllm'].flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.yaml')).map((f) => `${d}/${f}`));
  it('has a disaggregated, an aggregated and a mock variant of each engine', () => {
    for (const d of ['vllm', 'trtllm']) for (const f of ['disagg.yaml', 'agg.yaml', 'mock-disagg.yaml', 'mock-agg.yaml']) expect(files).toContain(`${d}/${f}`);
  });
  it.each(files)('%s loads without warnings and plans on its nodes', (file) => {
    const parsed = parseConfig(readFileSync(join(root, file), 'utf8'), { source: file, backends: backendSchemas });
    expect(parsed.warnings).toStrictEqual([]);
    const nodes = ['n1', 'n2', 'n3'];
    const runtime = createRuntimeContext(parsed.config, { jobId: '1', nodes, nodeAddrs: new Map(nodes.map((n, i) => [n, `10.0.0.${i + 1}`])) }, { cwd: '/cwd', vars: {}, selfCommand: ['srtctl'], srtctlRoot: '/SRC' });
    const plan = planDeployment(parsed.config, runtime);
    expect(plan.processes.filter((p) => p.role === 'worker').length).toBeGreaterThan(0);
  });
});
