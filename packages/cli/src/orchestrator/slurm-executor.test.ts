import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuntimeContext } from '@srt/core';
import { createSlurmExecutor, ownPid } from './slurm-executor.ts';
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

// A stand-in for srun that behaves like Slurm 22.05's on SIGTERM: it SIGKILLs its step (the
// task) instead of forwarding the signal. It runs everything after its options (`bash -c …`).
const FAKE_SRUN = `#!/bin/bash
while [ "$1" != bash ]; do shift; done
"$@" &
task=$!
trap 'kill -KILL $task; exit 143' TERM
wait $task
`;

describe('createSlurmExecutor stopping a step', () => {
  const setup = (): { dir: string; vars: Record<string, string> } => {
    const dir = mkdtempSync(join(tmpdir(), 'srt-srun-'));
    writeFileSync(join(dir, 'srun'), FAKE_SRUN);
    chmodSync(join(dir, 'srun'), 0o755);
    return { dir, vars: { PATH: `${dir}:${process.env['PATH'] ?? ''}` } };
  };
  // The task writes its pid where the plan says, and records a graceful SIGTERM.
  const task = (dir: string): readonly string[] => [
    'bash', '-c', `echo $$ > ${dir}/task.pid; trap 'echo graceful > ${dir}/marker; exit 0' TERM; while :; do sleep 0.05; done`,
  ];
  const runtime = (dir: string): RuntimeContext => ({ ...localRuntime(dir), containerRuntime: 'none' as const });
  const started = async (dir: string): Promise<void> => {
    for (let i = 0; i < 100 && !existsSync(join(dir, 'task.pid')); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('sends a process with a pid file SIGTERM itself, so it stops gracefully before srun could SIGKILL it', async () => {
    const { dir, vars } = setup();
    const planned = plannedProcess({ name: 'nginx', node: 'gpu-01', logFile: join(dir, 'nginx.out'), argv: task(dir), pidFile: join(dir, 'task.pid') });
    const handle = createSlurmExecutor({ runtime: runtime(dir), vars, cwd: dir }).start(planned);
    await started(dir);
    expect(ownPid(join(dir, 'task.pid'))).toBe(Number(readFileSync(join(dir, 'task.pid'), 'utf8')));
    handle.terminate();
    expect(await handle.exited).toMatchObject({ code: 0 });
    expect(readFileSync(join(dir, 'marker'), 'utf8')).toBe('graceful\n');
  });

  it('terminates srun (which kills the step) for a process without a pid file, or when kill follows', async () => {
    const { dir, vars } = setup();
    const handle = createSlurmExecutor({ runtime: runtime(dir), vars, cwd: dir }).start(
      plannedProcess({ name: 'w', node: 'gpu-01', logFile: join(dir, 'w.out'), argv: task(dir) }),
    );
    await started(dir);
    handle.terminate();
    expect(await handle.exited).toMatchObject({ code: 143 });
    expect(existsSync(join(dir, 'marker'))).toBe(false);
  });

  it('never signals a pid from a stale pid file (a process that does not name the file)', () => {
    const { dir } = setup();
    writeFileSync(join(dir, 'stale.pid'), `${process.pid}\n`);
    expect(ownPid(join(dir, 'stale.pid'))).toBeUndefined();
    expect(ownPid(join(dir, 'missing.pid'))).toBeUndefined();
  });
});
