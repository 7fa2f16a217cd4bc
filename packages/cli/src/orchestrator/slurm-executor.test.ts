import { describe, expect, it } from 'vitest';
import type { RuntimeContext } from '@srt/core';
import { createSlurmExecutor } from './slurm-executor.ts';
import { localRuntime, plannedProcess } from './testing/fixtures.ts';

const worker = plannedProcess({
  name: 'decode_0_gpu-02',
  node: 'gpu-02',
  logFile: '/w/outputs/7/logs/gpu-02_decode_w0.out',
  preamble: "echo 'setup'",
  env: [['CUDA_VISIBLE_DEVICES', '0,1'], ['EVIL', "'; rm -rf / #"]],
  argv: ['python3', '-m', 'dynamo.sglang', '--served-model-name', 'm $(id)'],
  extraMounts: [{ host: '/extra', container: '/x' }],
});

const commandOf = (p: typeof worker, runtime: RuntimeContext): readonly string[] => createSlurmExecutor({ runtime, vars: {}, cwd: '/w' }).command(p);

describe('createSlurmExecutor', () => {
  it('runs a process as one overlapping srun step on its node without a container when the cluster has none', () => {
    const runtime = { ...localRuntime('/w'), containerRuntime: 'none' as const, srunOptions: { 'cpu-bind': 'none' } };
    expect(commandOf(worker, runtime)).toStrictEqual([
      'srun', '--overlap', '--nodes', '1', '--ntasks', '1', '--nodelist', 'gpu-02', '--output', '/w/outputs/7/logs/gpu-02_decode_w0.out',
      '--cpu-bind', 'none',
      'bash', '-c',
      `echo 'setup' && export CUDA_VISIBLE_DEVICES=0,1 && export EVIL=''"'"'; rm -rf / #' && python3 -m dynamo.sglang --served-model-name 'm $(id)'`,
    ]);
  });

  it('adds the container image and mounts (the process\'s own too) under pyxis', () => {
    const runtime = { ...localRuntime('/w'), containerRuntime: 'pyxis' as const, containerImage: '/c/sglang.sqsh', containerMounts: [{ host: '/models/m', container: '/model' }] };
    expect(commandOf(worker, runtime).slice(10, 17)).toStrictEqual([
      '--container-image', '/c/sglang.sqsh', '--no-container-entrypoint', '--no-container-mount-home', '--container-mounts', '/models/m:/model,/extra:/x', 'bash',
    ]);
  });

  it('runs a process that asks for no container on the host even under pyxis', () => {
    const runtime = { ...localRuntime('/w'), containerRuntime: 'pyxis' as const, containerImage: '/c/sglang.sqsh' };
    expect(commandOf({ ...worker, container: false }, runtime)).not.toContain('--container-image');
  });
});
