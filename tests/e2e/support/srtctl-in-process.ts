import { main } from '@srt/cli';
import { nodeEnv } from '@srt/core';
import { inject } from 'vitest';
import { captureOutput } from './capture.ts';
import { REPO } from './paths.ts';

/** The process environment plus the test cluster's variables (SLURM_CONF, …). */
export const clusterVars = (): Record<string, string | undefined> => {
  const slurm = inject('slurm');
  return { ...process.env, ...(slurm.ready ? slurm.vars : {}) };
};

/** The test cluster's settings for containerless jobs: no --segment, the repo's bundle. */
export const CONTAINERLESS_SRTSLURM_YAML = `default_partition: batch
default_account: e2e
default_time_limit: "00:05:00"
container_runtime: none
use_segment_sbatch_directive: false
srtctl_root: ${REPO}
`;

/** `srtctl <argv>` in-process in `cwd` against the test cluster: exit code and output. */
export async function srtctl(cwd: string, argv: readonly string[]): Promise<{ readonly code: number; readonly out: string; readonly err: string }> {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await main({ argv, env: nodeEnv({ cwd, vars: clusterVars() }), stdout, stderr });
  return { code, out: stdout.text(), err: stderr.text() };
}
