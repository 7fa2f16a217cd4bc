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

describe('interactive', () => {
  it('keeps string values that YAML 1.1 would read otherwise when it writes the modified recipe', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-interactive-'));
    await writeFile(join(dir, 'r.yaml'), RECIPE);
    const answers = ['r.yaml', '3', 'renamed', '', '', '', '', '2', '6'];
    let text = '';
    const out = { write: (t: string) => void (text += t) };
    const code = await interactive([], {
      env: nodeEnv({ cwd: dir, vars: { PATH: process.env['PATH'] } }),
      stdout: out,
      stderr: out,
      signal: new AbortController().signal,
      prompt: async () => answers.shift(),
    });
    expect(code).toBe(0);
    expect(text).toContain('#SBATCH --job-name=renamed\n');
    expect(text).toContain('#SBATCH --time=04:00:00\n');
  });
});
