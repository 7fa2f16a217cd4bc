import { describe, expect, it } from 'vitest';
import { containerMounts } from './container-mounts.ts';

const runtime = {
  jobId: '7', runName: 'r_7', headNodeIp: '10.0.0.1', logDir: '/w/outputs/7/logs', modelPath: '/m/llama', containerImage: 'img', gpusPerNode: 4,
};
const opts = { cwd: '/w', vars: { DATA: '/data' } };

describe('containerMounts', () => {
  it('mounts the model and the logs by default', () => {
    expect(containerMounts({ container_mounts: {} }, runtime, opts)).toStrictEqual({
      mounts: [{ host: '/m/llama', container: '/model' }, { host: '/w/outputs/7/logs', container: '/logs' }],
      warnings: [],
    });
  });

  it('splits extra_mount at the first colon and formats container_mounts with placeholders and env vars', () => {
    const r = containerMounts({ extra_mount: ['rel/dir:/x:ro'], container_mounts: { '$DATA/{job_id}': '/data/{run_name}', '/m/llama': '/model' } }, runtime, opts);
    expect(r.mounts.slice(2)).toStrictEqual([{ host: '/w/rel/dir', container: '/x:ro' }, { host: '/data/7', container: '/data/r_7' }]);
    expect(r.warnings).toStrictEqual([]);
  });

  it('keeps the first position of a host path mounted twice and warns when the container path changes (T6)', () => {
    const r = containerMounts({ container_mounts: { '/w/outputs/7/logs': '/job-logs' } }, runtime, opts);
    expect(r).toStrictEqual({
      mounts: [{ host: '/m/llama', container: '/model' }, { host: '/w/outputs/7/logs', container: '/job-logs' }],
      warnings: ['container_mounts["/w/outputs/7/logs"] mounts /w/outputs/7/logs at /job-logs, replacing /logs from output.log_dir'],
    });
  });
});
