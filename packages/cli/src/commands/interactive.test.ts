import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';
import interactive from './interactive.ts';

const RECIPE = `name: t
model: { path: /models/m, container: mock, precision: fp8 }
resources: { gpu_type: mock, gpus_per_node: 4, agg_nodes: 1, agg_workers: 1 }
backend: { type: mock }
slurm: { time_limit: "04:00:00" }
`;

async function drive(dir: string, answers: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const out = { write: (t: string) => void (text += t) };
  const code = await interactive([], {
    env: nodeEnv({ cwd: dir, vars: { PATH: process.env['PATH'] } }),
    stdout: out,
    stderr: out,
    signal: new AbortController().signal,
    prompt: async () => answers.shift(),
  });
  return { code, text };
}

describe('interactive', () => {
  it('switches to another config, saying so when it does not exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-interactive-'));
    await writeFile(join(dir, 'r.yaml'), RECIPE);
    const { code, text } = await drive(dir, ['r.yaml', '5', 'nope.yaml', '5', 'r.yaml', '6']);
    expect(code).toBe(0);
    expect(text.split('\n').filter((l) => /^(📋|Config not found|Goodbye)/.test(l))).toStrictEqual(['📋 t', 'Config not found: nope.yaml', '📋 t', 'Goodbye!']);
  });

  it('exits 1 when the first config does not exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-interactive-'));
    const { code, text } = await drive(dir, ['nope.yaml']);
    expect([code, text.split('\n').at(-2)]).toStrictEqual([1, 'Config not found: nope.yaml']);
  });

  it('keeps string values that YAML 1.1 would read otherwise when it writes the modified recipe', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-interactive-'));
    await writeFile(join(dir, 'r.yaml'), RECIPE);
    const { code, text } = await drive(dir, ['r.yaml', '3', 'renamed', '', '', '', '', '2', '6']);
    expect(code).toBe(0);
    expect(text).toContain('#SBATCH --job-name=renamed\n');
    expect(text).toContain('#SBATCH --time=04:00:00\n');
  });
});
