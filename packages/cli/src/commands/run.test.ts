import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../context.ts';
import run from './run.ts';

const RECIPE = `name: t
model: { path: /models/m, container: mock, precision: fp8 }
resources: { gpu_type: mock, gpus_per_node: 4, agg_nodes: 1, agg_workers: 1 }
backend: { type: mock }
`;

function context(cwd: string, vars: Record<string, string | undefined>): CommandContext & { out: () => string } {
  let text = '';
  const output = { write: (t: string) => void (text += t) };
  return { env: nodeEnv({ cwd, vars }), stdout: output, stderr: output, signal: new AbortController().signal, out: () => text };
}

describe('srtctl run', () => {
  it('says the config file is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-run-cmd-'));
    const err = await run(['nope.yaml'], context(dir, { PATH: process.env['PATH'] })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SRT_CONFIG_NOT_FOUND', message: `Config file not found: ${join(dir, 'nope.yaml')}` });
  });

  it.each(['SLURM_JOB_ID', 'SLURM_JOBID'])('refuses to run outside a SLURM job, pointing at apply (%s unset)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-run-cmd-'));
    await writeFile(join(dir, 'config.yaml'), RECIPE);
    const err = await run(['config.yaml'], context(dir, { PATH: process.env['PATH'] })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SRT_SLURM_UNAVAILABLE' });
    expect((err as Error).message).toMatchInlineSnapshot(
      `"Not running in SLURM (SLURM_JOB_ID not set): \`srtctl run\` is what the batch script runs inside the allocation. Submit with \`srtctl apply -f <recipe>\`, or run on this machine with \`srtctl apply --local -f <recipe>\`."`,
    );
  });

  it('needs exactly one CONFIG, or -f RECIPE', async () => {
    const err = await run([], context(tmpdir(), {})).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SRT_USAGE', message: 'missing argument CONFIG (or -f RECIPE to run a recipe inside your allocation)' });
    const both = await run(['c.yaml', '-f', 'r.yaml'], context(tmpdir(), {})).catch((e: unknown) => e);
    expect(both).toMatchObject({ code: 'SRT_USAGE', message: 'give either CONFIG or -f RECIPE, not both' });
  });

  it('refuses -f RECIPE outside an allocation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-run-cmd-'));
    await writeFile(join(dir, 'r.yaml'), RECIPE);
    const err = await run(['-f', 'r.yaml'], context(dir, { PATH: process.env['PATH'] })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SRT_SLURM_UNAVAILABLE' });
    expect((err as Error).message).toMatch(/salloc -N <nodes>/);
  });

  it('refuses an output base the batch script could not have passed (-o with whitespace) before touching the allocation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-run-cmd-'));
    await writeFile(join(dir, 'config.yaml'), RECIPE);
    const err = await run(['config.yaml', '-o', 'my runs'], context(dir, { PATH: process.env['PATH'], SLURM_JOB_ID: '7' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SRT_USAGE', message: expect.stringContaining('-o/--output "my runs" cannot be an output folder') });
  });

  it('prints its usage with --help', async () => {
    const ctx = context(tmpdir(), {});
    expect(await run(['--help'], ctx)).toBe(0);
    expect(ctx.out()).toMatch(/^Usage: srtctl run \[options\] \[CONFIG\]\n/);
  });
});
