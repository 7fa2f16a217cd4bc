import type { PlannedProcess } from '@srt/core';
import { shellJoin } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { fakeRuntime } from '../testing/fake-runtime.ts';
import { buildProcessSrunCommand } from './build-process-srun-command.ts';

const planned: PlannedProcess = {
  name: 'decode_0_n02',
  role: 'worker',
  node: 'n02',
  argv: ['python3', '-m', 'dynamo.sglang', '--tp', '4'],
  env: [['A', 'x y']],
  preamble: "echo 'hi'",
  logFile: '/work/outputs/4242/logs/n02_decode_w0.out',
  critical: true,
  container: true,
  readiness: { kind: 'none' },
};

describe('buildProcessSrunCommand', () => {
  it('runs the process in the job image with its mounts and the recipe srun_options under pyxis', () => {
    const runtime = fakeRuntime({ srunOptions: { mpi: 'pmix', exclusive: '' } });
    expect(shellJoin(buildProcessSrunCommand({ ...planned, extraMounts: [{ host: '/x', container: '/y' }] }, runtime))).toBe(
      "srun --overlap --nodes 1 --ntasks 1 --nodelist n02 --output /work/outputs/4242/logs/n02_decode_w0.out --container-image /c/sglang.sqsh --no-container-entrypoint --no-container-mount-home --container-mounts /models/DeepSeek-R1:/model,/work/outputs/4242/logs:/logs,/x:/y --mpi pmix --exclusive bash -c 'echo '\"'\"'hi'\"'\"' && export A='\"'\"'x y'\"'\"' && python3 -m dynamo.sglang --tp 4'",
    );
  });

  it.each([
    ['without containers', fakeRuntime({ containerRuntime: 'none' }), planned],
    ['for a process that runs on the host', fakeRuntime(), { ...planned, container: false }],
  ])('has no container flags %s', (_n, runtime, p) => {
    expect(buildProcessSrunCommand(p, runtime).filter((a) => a.startsWith('--container') || a.includes('container-'))).toStrictEqual([]);
  });
});
