import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.ts';
import type { SrtConfig } from '../config/schema.ts';
import { isSrtError } from '../errors.ts';
import { createRuntimeContext, type CreateRuntimeContextOptions } from './create-runtime-context.ts';
import type { ClusterInfo } from './types.ts';

const RECIPE = `
name: demo
model: { path: "$MODELS/llama", container: "lmsysorg/sglang:v0.5", precision: fp8 }
resources: { gpu_type: h100, gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 }
`;

function config(extra = ''): SrtConfig {
  return parseConfig(RECIPE + extra, { source: 'demo.yaml' }).config;
}

const cluster: ClusterInfo = { jobId: '4242', nodes: ['gpu-01', 'gpu-02'], nodeAddrs: new Map([['gpu-01', '10.0.0.1'], ['gpu-02', '10.0.0.2']]) };
const opts: CreateRuntimeContextOptions = {
  cwd: '/home/ann/jobs',
  vars: { MODELS: '/lustre/models', HOME: '/home/ann', SCRATCH: '/scratch/ann' },
  selfCommand: ['node', '/srt/dist/srtctl.mjs'],
  srtctlRoot: '/srt',
};

describe('createRuntimeContext', () => {
  it('decides every path and value of the job', () => {
    expect(createRuntimeContext(config(), cluster, opts)).toStrictEqual({
      jobId: '4242',
      runName: 'demo_4242',
      nodes: { head: 'gpu-01', bench: 'gpu-01', worker: ['gpu-01', 'gpu-02'] },
      nodeAddrs: new Map([['gpu-01', '10.0.0.1'], ['gpu-02', '10.0.0.2']]),
      headNodeIp: '10.0.0.1',
      cwd: '/home/ann/jobs',
      outputDir: '/home/ann/jobs/outputs/4242',
      logDir: '/home/ann/jobs/outputs/4242/logs',
      modelPath: '/lustre/models/llama',
      containerImage: 'lmsysorg/sglang:v0.5',
      gpusPerNode: 8,
      containerMounts: [
        { host: '/lustre/models/llama', container: '/model' },
        { host: '/home/ann/jobs/outputs/4242/logs', container: '/logs' },
      ],
      containerRuntime: 'pyxis',
      environment: {},
      srunOptions: {},
      frontendPort: 8000,
      selfCommand: ['node', '/srt/dist/srtctl.mjs'],
      srtctlRoot: '/srt',
      workerPaths: { modelPath: '/model', logDir: '/logs' },
      warnings: [],
    });
  });

  it('returns a frozen context', () => {
    const rt = createRuntimeContext(config(), cluster, opts);
    expect([Object.isFrozen(rt), Object.isFrozen(rt.nodes), Object.isFrozen(rt.containerMounts), Object.isFrozen(rt.workerPaths)]).toStrictEqual([true, true, true, true]);
  });

  it('formats output.log_dir with placeholders and makes it absolute', () => {
    const rt = createRuntimeContext(config('output: { log_dir: "logs/{run_name}-{gpus_per_node:02d}" }'), cluster, opts);
    expect(rt.logDir).toBe('/home/ann/jobs/logs/demo_4242-08');
    expect(rt.outputDir).toBe('/home/ann/jobs/outputs/4242');
  });

  it('puts the output folder and the default log dir (and its /logs mount) under an explicit output base', () => {
    const rt = createRuntimeContext(config(), cluster, { ...opts, outputBase: '/shared/runs' });
    expect([rt.outputBase, rt.outputDir, rt.logDir]).toStrictEqual(['/shared/runs', '/shared/runs/4242', '/shared/runs/4242/logs']);
    expect(rt.containerMounts).toContainEqual({ host: '/shared/runs/4242/logs', container: '/logs' });
    // A log_dir of the recipe's own stays where the recipe says.
    const own = createRuntimeContext(config('output: { log_dir: "logs/{job_id}" }'), cluster, { ...opts, outputBase: '/shared/runs' });
    expect([own.outputDir, own.logDir]).toStrictEqual(['/shared/runs/4242', '/home/ann/jobs/logs/4242']);
  });

  it('rejects {log_dir} inside output.log_dir as a missing placeholder', () => {
    let error: unknown;
    try {
      createRuntimeContext(config('output: { log_dir: "{log_dir}/x" }'), cluster, opts);
    } catch (e) {
      error = e;
    }
    expect(isSrtError(error)).toBe(true);
  });

  it.each([
    ['./images/sglang.sqsh', '/home/ann/jobs/images/sglang.sqsh'],
    ['~/sglang.sqsh', '/home/ann/sglang.sqsh'],
    ['sglang.sqsh', '/home/ann/jobs/sglang.sqsh'],
    ['/abs/../images/x.sqsh', '/images/x.sqsh'],
    ['nvcr.io/nvidia/sglang:25.01', 'nvcr.io/nvidia/sglang:25.01'],
    ['$SCRATCH/img.sqsh', '/scratch/ann/img.sqsh'],
  ])('resolves container image %j to %j (file paths only, L6)', (container, expected) => {
    const c = config();
    const rt = createRuntimeContext({ ...c, model: { ...c.model, container } }, cluster, opts);
    expect(rt.containerImage).toBe(expected);
  });

  it('expands env vars in the model path and makes it absolute without ~ expansion', () => {
    const c = config();
    expect(createRuntimeContext({ ...c, model: { ...c.model, path: 'models/$USER_X/m' } }, cluster, opts).modelPath).toBe('/home/ann/jobs/models/$USER_X/m');
  });

  it('uses host paths for workers without a container runtime', () => {
    const rt = createRuntimeContext(config(), cluster, { ...opts, clusterConfig: { container_runtime: 'none', use_gpus_per_node_directive: true, use_segment_sbatch_directive: true } });
    expect([rt.containerRuntime, rt.workerPaths]).toStrictEqual(['none', { modelPath: '/lustre/models/llama', logDir: '/home/ann/jobs/outputs/4242/logs' }]);
  });

  it('falls back to the head name when its address is unknown', () => {
    expect(createRuntimeContext(config(), { ...cluster, nodeAddrs: new Map() }, opts).headNodeIp).toBe('gpu-01');
  });

  it('mounts configs, benchmark scripts, extra_mount and container_mounts in order, replacing duplicates in place with a warning (T6)', () => {
    const extra = `
extra_mount: ["data:/data", "/lustre/models/llama:/weights", "/opt/x:/x:ro"]
container_mounts:
  "$SCRATCH/{job_id}": "/scratch/{run_name}"
  "/opt/x": "/x:ro"
environment: { NCCL_DEBUG: INFO }
srun_options: { mpi: pmix, exclusive: true, overcommit: false, cpu-bind: null, ntasks: 2 }
`;
    const rt = createRuntimeContext(config(extra), cluster, { ...opts, configsDir: '/srt/configs', benchmarkScriptsDir: '/srt/benchmarks/scripts' });
    expect(rt.containerMounts).toStrictEqual([
      { host: '/lustre/models/llama', container: '/weights' },
      { host: '/home/ann/jobs/outputs/4242/logs', container: '/logs' },
      { host: '/srt/configs', container: '/configs' },
      { host: '/srt/benchmarks/scripts', container: '/srtctl-benchmarks' },
      { host: '/home/ann/jobs/data', container: '/data' },
      { host: '/opt/x', container: '/x:ro' },
      { host: '/scratch/ann/4242', container: '/scratch/demo_4242' },
    ]);
    expect(rt.warnings).toStrictEqual(['extra_mount[1] mounts /lustre/models/llama at /weights, replacing /model from model.path']);
    expect(rt.environment).toStrictEqual({ NCCL_DEBUG: 'INFO' });
    expect(rt.srunOptions).toStrictEqual({ mpi: 'pmix', exclusive: '', 'cpu-bind': '', ntasks: '2' });
  });

  it('rejects an extra_mount entry without a colon', () => {
    let error: unknown;
    try {
      createRuntimeContext(config('extra_mount: ["/data"]'), cluster, opts);
    } catch (e) {
      error = e;
    }
    expect(isSrtError(error) && [error.code, error.message]).toStrictEqual(['SRT_CONFIG_INVALID', `extra_mount[0] "/data" has no ':': write it as host_path:container_path`]);
  });

  it('rejects an allocation without nodes', () => {
    let error: unknown;
    try {
      createRuntimeContext(config(), { ...cluster, nodes: [] }, opts);
    } catch (e) {
      error = e;
    }
    expect(isSrtError(error) && error.code).toBe('SRT_SLURM_UNAVAILABLE');
  });
});
