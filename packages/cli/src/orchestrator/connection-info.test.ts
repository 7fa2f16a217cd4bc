import { describe, expect, it } from 'vitest';
import { renderConnectionInfo } from './connection-info.ts';
import { localRuntime } from './testing/fixtures.ts';

const slurmRuntime = { ...localRuntime('/w', ['gpu-01', 'gpu-02', 'gpu-03']), jobId: '42' };

describe('renderConnectionInfo', () => {
  it('prints the frontend URL and an srun shell command per node under pyxis', () => {
    const runtime = { ...slurmRuntime, containerRuntime: 'pyxis' as const, containerImage: '/c/s.sqsh', containerMounts: [{ host: '/m', container: '/model' }] };
    expect(renderConnectionInfo(runtime, 'slurm')).toMatchInlineSnapshot(`
      [
        "",
        "============================================================",
        "Connection Commands",
        "============================================================",
        "Frontend URL: http://gpu-01:8000",
        "",
        "To connect to head node (gpu-01):",
        "  srun --container-image=/c/s.sqsh --container-mounts=/m:/model --jobid 42 -w gpu-01 --overlap --pty bash",
        "",
        "To connect to worker node (gpu-02):",
        "  srun --container-image=/c/s.sqsh --container-mounts=/m:/model --jobid 42 -w gpu-02 --overlap --pty bash",
        "",
        "To connect to worker node (gpu-03):",
        "  srun --container-image=/c/s.sqsh --container-mounts=/m:/model --jobid 42 -w gpu-03 --overlap --pty bash",
        "============================================================",
        "",
      ]
    `);
  });

  it('leaves out container flags without containers', () => {
    expect(renderConnectionInfo(slurmRuntime, 'slurm')[7]).toBe('  srun --jobid 42 -w gpu-01 --overlap --pty bash');
  });

  it('points a local run at the head address and its logs', () => {
    expect(renderConnectionInfo(localRuntime('/w'), 'local').slice(4, 6)).toStrictEqual(['Frontend URL: http://127.0.0.11:8000', 'Logs: /w/outputs/local-test/logs']);
  });
});
