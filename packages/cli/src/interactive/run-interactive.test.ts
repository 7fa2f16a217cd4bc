import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { runInteractive } from './run-interactive.ts';
import type { InteractiveUi } from './ui.ts';

const AGG = `name: agg-demo
model: { path: /models/m, container: mock, precision: fp8 }
resources: { gpu_type: mock, gpus_per_node: 4, agg_nodes: 1, agg_workers: 1 }
backend: { type: mock }
slurm: { time_limit: "04:00:00" }
benchmark: { type: manual }
`;

/** A UI that answers from a script: select answers are option labels, `undefined` cancels. */
function scriptedUi(script: (string | boolean | undefined)[]) {
  const seen: string[] = [];
  const next = (what: string): string | boolean | undefined => {
    if (script.length === 0) throw new Error(`script ran out at ${what}`);
    return script.shift();
  };
  const ui: InteractiveUi = {
    select: async (message, options) => {
      seen.push(`? ${message} [${options.map((o) => o.label).join(' | ')}]`);
      const label = next(message);
      if (label === undefined) return undefined;
      const o = options.find((x) => x.label === label);
      if (o === undefined) throw new Error(`no option ${String(label)} in ${message}`);
      return o.value;
    },
    path: async (m) => next(m) as string | undefined,
    text: async (m, o) => {
      const a = next(m) as string | undefined;
      const problem = a === undefined ? undefined : o.validate?.(a);
      if (problem !== undefined) throw new Error(`invalid answer ${a}: ${problem}`);
      return a;
    },
    confirm: async (m) => next(m) as boolean | undefined,
    note: (title, body) => void seen.push(`## ${title}\n${body}`),
    info: (l) => void seen.push(`i ${l}`),
    error: (l) => void seen.push(`! ${l}`),
    done: (l) => void seen.push(`= ${l}`),
  };
  return { ui, seen };
}

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'srt-interactive-'));
  await writeFile(join(dir, 'agg.yaml'), AGG);
  return dir;
}

async function drive(dir: string, script: (string | boolean | undefined)[]) {
  let out = '';
  const sink = { write: (t: string) => void (out += t) };
  const { ui, seen } = scriptedUi(script);
  const ctx = { env: nodeEnv({ cwd: dir, vars: { PATH: process.env['PATH'] } }), stdout: sink, stderr: sink, signal: new AbortController().signal };
  const code = await runInteractive(ctx, ui);
  return { code, seen, out };
}

describe('runInteractive', () => {
  it('previews a typed recipe with its plan table and offers only aggregated edits for an aggregated recipe', async () => {
    const dir = await project();
    const r = await drive(dir, ['Type a path…', 'agg.yaml', 'Edit values', 'Back', 'Quit']);
    expect(r.code).toBe(0);
    expect(r.seen.find((s) => s.startsWith('## Plan:'))?.split('\n').slice(0, 3)).toStrictEqual([
      '## Plan: 1A×4 GPUs on 1 node',
      expect.stringMatching(/^Process +Node +GPUs +Ports +Mode\/Index$/),
      expect.stringMatching(/^─+/),
    ]);
    expect(r.seen.find((s) => s.startsWith('? Change which value?'))).toBe('? Change which value? [Job name | Aggregated nodes | Aggregated workers | Back]');
    expect(r.seen.at(-1)).toBe('= Goodbye!');
  });

  it('applies an edit in memory: the dry-run shows it, the file and the temp dir stay as they were', async () => {
    const dir = await project();
    const tmpBefore = (await readdir(tmpdir())).filter((f) => f.startsWith('srtctl_modified_'));
    const r = await drive(dir, ['Type a path…', 'agg.yaml', 'Edit values', 'Job name', 'renamed', 'Dry-run', 'Quit']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('#SBATCH --job-name=renamed\n');
    expect(r.out).toContain('#SBATCH --time=04:00:00\n');
    expect(await readFile(join(dir, 'agg.yaml'), 'utf8')).toBe(AGG);
    expect((await readdir(tmpdir())).filter((f) => f.startsWith('srtctl_modified_'))).toStrictEqual(tmpBefore);
  });

  it('refuses an edit that would make the recipe invalid and keeps the previous values', async () => {
    const dir = await project();
    const r = await drive(dir, ['Type a path…', 'agg.yaml', 'Edit values', 'Aggregated workers', '0', 'Quit']);
    expect(r.seen.filter((s) => s.startsWith('! Not applied'))).toHaveLength(1);
    expect(r.seen.some((s) => s.startsWith('i Aggregated workers is now'))).toBe(false);
  });

  it('shows the problems of an invalid recipe and offers no dry-run or submit', async () => {
    const dir = await project();
    await writeFile(join(dir, 'bad.yaml'), 'name: bad\n');
    const r = await drive(dir, ['Type a path…', 'bad.yaml', 'Quit']);
    expect(r.seen.some((s) => s.startsWith('! '))).toBe(true);
    expect(r.seen.filter((s) => s.startsWith('? bad: what next?'))).toStrictEqual(['? bad: what next? [Preview | Edit values | Choose another recipe | Quit]']);
  });

  it('exits 130 when the menu is cancelled', async () => {
    const dir = await project();
    expect((await drive(dir, ['Type a path…', 'agg.yaml', undefined])).code).toBe(130);
  });

  it('lists the recipes of examples/ and recipes/ for selection', async () => {
    const dir = await project();
    await import('node:fs/promises').then(async (fs) => {
      await fs.mkdir(join(dir, 'examples', 'mock'), { recursive: true });
      await fs.mkdir(join(dir, 'recipes'), { recursive: true });
      await fs.writeFile(join(dir, 'examples', 'mock', 'agg.yaml'), AGG);
      await fs.writeFile(join(dir, 'recipes', 'mine.yaml'), AGG);
    });
    const r = await drive(dir, ['recipes/mine.yaml', 'Quit']);
    expect(r.seen[0]).toBe('? Choose a recipe [examples/mock/agg.yaml | recipes/mine.yaml | Type a path… | Quit]');
  });

  describe('an override file', () => {
    const VARIANTS = `base:
  name: agg-demo
  model: { path: /models/m, container: mock, precision: fp8 }
  resources: { gpu_type: mock, gpus_per_node: 4, agg_nodes: 1, agg_workers: 1 }
  backend: { type: mock }
  benchmark: { type: manual }
override_wide:
  resources: { agg_workers: 2 }
zip_override_gpus:
  resources: { gpus_per_node: [2, 8] }
`;
    async function variantsProject(): Promise<string> {
      const dir = await project();
      await writeFile(join(dir, 'variants.yaml'), VARIANTS);
      return dir;
    }

    it('asks for the variant, previews and dry-runs the merged document apply runs', async () => {
      const dir = await variantsProject();
      const r = await drive(dir, ['Type a path…', 'variants.yaml', 'override_wide', 'Dry-run', 'Quit']);
      expect(r.code).toBe(0);
      expect(r.seen).toContain(
        '? variants.yaml is an override file: which variant? [override_wide | zip_override_gpus[0] | zip_override_gpus[1] | base | All 3 variants]',
      );
      expect(r.seen.find((s) => s.startsWith('## variants.yaml:override_wide'))).toMatch(/📋 agg-demo_wide[\s\S]*aggregated: 2 workers on 1 node/);
      expect(r.seen.find((s) => s.startsWith('## Plan:'))).toMatch(/^## Plan: 2A×2 GPUs on 1 node/);
      // The dry-run of `-f variants.yaml:override_wide`: the one selected job, planned from the same expansion.
      expect(r.out).toMatch(/Overrides: variants\.yaml \(1 job\)\n[\s\S]*1 +override_wide +agg-demo_wide/);
      expect(r.out).toMatch(/\[1\/1\] override_wide: agg-demo_wide\n/);
    });

    it('edits a zip variant in memory and dry-runs the edited document', async () => {
      const dir = await variantsProject();
      const r = await drive(dir, ['Type a path…', 'variants.yaml', 'zip_override_gpus[1]', 'Edit values', 'Aggregated workers', '2', 'Dry-run', 'Quit']);
      expect(r.seen.find((s) => s.startsWith('## Plan:'))).toMatch(/^## Plan: 1A×8 GPUs on 1 node/);
      expect(r.seen).toContain('i Aggregated workers is now 2 (in memory; the file is unchanged).');
      expect(r.out).toContain('#SBATCH --job-name=agg-demo_gpus_1\n');
      expect(r.out).toContain('#SBATCH --gpus-per-node=8\n');
      expect(r.out).toMatch(/agg_workers: 2\n/);
      expect(await readFile(join(dir, 'variants.yaml'), 'utf8')).toBe(VARIANTS);
    });

    it('takes all variants at once: the variant table, no edits; cancelling the question goes back to the recipes', async () => {
      const dir = await variantsProject();
      const r = await drive(dir, ['Type a path…', 'variants.yaml', undefined, 'Type a path…', 'variants.yaml', 'All 3 variants', 'Quit']);
      expect(r.seen.find((s) => s.startsWith('## variants.yaml\n'))).toMatch(/Overrides: variants\.yaml \(3 jobs\)[\s\S]*agg-demo_gpus_1/);
      expect(r.seen.find((s) => s.startsWith('? variants.yaml: what next?'))).toBe('? variants.yaml: what next? [Preview | Dry-run | Submit to SLURM | Choose another recipe | Quit]');
    });
  });
});
