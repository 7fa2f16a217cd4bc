/**
 * `srtctl run -f` inside an allocation the user holds (`salloc -N 3`), on the test SLURM cluster.
 * Its own file (own worker process), apart from the fault jobs of job-ops.test.ts.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CONTAINERLESS_SRTSLURM_YAML, clusterVars, srtctl } from './support/srtctl-in-process.ts';
import { BUNDLE, RECIPES } from './support/paths.ts';
import { makeRunDir } from './support/run-dirs.ts';
import { waitForJobEnd } from './support/slurm.ts';

const slurm = inject('slurm');
const vars = clusterVars;
const SRTSLURM_YAML = CONTAINERLESS_SRTSLURM_YAML;

describe.skipIf(!slurm.ready && slurm.skip)(`srtctl run -f inside an allocation on the SLURM cluster${!slurm.ready && slurm.skip ? ` (skipped: ${slurm.reason})` : ''}`, () => {
  let dir = '';
  beforeAll(async () => {
    if (!slurm.ready) throw new Error(slurm.reason);
    dir = await makeRunDir('srt-e2e-salloc-');
    writeFileSync(join(dir, 'srtslurm.yaml'), SRTSLURM_YAML);
  });

  it('runs a mock disaggregated recipe with `srtctl run -f` inside `salloc -N 3`, and the allocation is usable afterwards', async () => {
    const recipe = join(RECIPES, 'slurm', 'disagg.yaml');
    const script = `${JSON.stringify(process.execPath)} ${JSON.stringify(BUNDLE)} run -f ${JSON.stringify(recipe)}; echo "RUN_EXIT=$?"; srun -N 3 --overlap hostname | sort; echo "SRUN_EXIT=$?"; squeue -h -j "$SLURM_JOB_ID" -o %T`;
    const child = spawn('salloc', ['-N', '3', '-p', 'batch', '-A', 'e2e', '--time', '5', 'bash', '-c', script], { cwd: dir, env: vars() as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code, out).toBe(0);
    expect(out).toMatch(/RUN_EXIT=0\n/);
    expect(out).toMatch(/\[INFO\] Benchmark completed successfully\n/);
    // After the run the same allocation still runs steps on all three nodes.
    expect(out).toMatch(/gpu-01\ngpu-02\ngpu-03\nSRUN_EXIT=0\nRUNNING\n/);
    const allocation = /salloc: Granted job allocation (\d+)/.exec(out)?.[1];
    expect(allocation, out).toBeDefined();
    const ledger = JSON.parse(readFileSync(join(dir, 'outputs', `${allocation}.1`, 'status.json'), 'utf8')) as { outcome: { result: string }; results: unknown[] };
    expect(ledger.outcome.result).toBe('succeeded');
    expect(ledger.results).toHaveLength(2);
    expect((await srtctl(dir, ['wait', `${allocation}.1`])).code).toBe(0);
    const end = await waitForJobEnd(allocation!, 10_000);
    expect(end['JobState']).toBe('COMPLETED');
  }, 180_000);
});
