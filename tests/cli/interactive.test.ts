import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, fakeSbatch, MOCK_EXAMPLES, runCli, scrub, workdir } from './cli-harness.ts';
import { cpSync } from 'node:fs';

function recipesDir() {
  const dir = workdir({ 'srtctl.mjs': '' });
  mkdirSync(join(dir, 'recipes/mock'), { recursive: true });
  cpSync(join(MOCK_EXAMPLES, 'disagg.yaml'), join(dir, 'recipes/mock/disagg.yaml'));
  cpSync(join(MOCK_EXAMPLES, 'agg.yaml'), join(dir, 'recipes/mock/agg.yaml'));
  const sbatch = fakeSbatch();
  return { dir, sbatch, env: cliEnv(dir, { exec: sbatch.exec, extraVars: { SRTCTL_BUNDLE: join(dir, 'srtctl.mjs') } }) };
}

describe('srtctl (interactive mode)', () => {
  it('browses recipes, shows the summary and exits with Goodbye', async () => {
    const { dir, env } = recipesDir();
    const r = await runCli([], env, { answers: ['2', '6'] });
    expect(r.code).toBe(0);
    expect(scrub(r.stdout, dir)).toMatchInlineSnapshot(`
      "srtctl Interactive Mode

      ── recipes/mock ──
          1) agg.yaml
          2) disagg.yaml
      ──────────
          b) 📁 Browse for file...
      Select a config [1-2, b, q]: 2
      📋 mock-disagg
      ├── Model
      │   ├── path: /models/mock-model
      │   ├── container: mock
      │   └── precision: fp8
      ├── Resources
      │   ├── gpu_type: mock
      │   ├── prefill: 1 workers
      │   ├── decode: 2 workers
      │   └── gpus_per_node: 4
      └── Benchmark
          ├── type: sa-bench
          ├── isl/osl: 128/64
          └── concurrencies: 4x16

      What would you like to do?
        1) 🚀 Submit job(s)
        2) 👁️  Preview sbatch script
        3) ✏️  Modify parameters
        4) 🔍 Dry-run
        5) 📁 Select different config
        6) ❌ Exit
      Choice [1-6]: 6
      Goodbye!
      "
    `);
  });

  it('submits the chosen recipe after confirmation', async () => {
    const { dir, env, sbatch } = recipesDir();
    const r = await runCli([], env, { answers: ['2', '1', 'y'] });
    expect([r.code, sbatch.calls.length, readdirSync(join(dir, 'outputs'))]).toStrictEqual([0, 1, ['12345']]);
    expect(r.stdout.split('\n').slice(-4).join('\n')).toMatchInlineSnapshot(`
      "📁 Output: outputs/12345
      📋 Monitor: tail -f outputs/12345/logs/sweep_12345.log
      ✅ Submission complete!
      "
    `);
  });

  it('cancels a submission that is not confirmed and goes back to the menu', async () => {
    const { env, sbatch } = recipesDir();
    const r = await runCli([], env, { answers: ['1', '1', '', '6'] });
    expect(r.code).toBe(0);
    expect(sbatch.calls).toHaveLength(0);
    expect(r.stdout).toContain('Submission cancelled.\n');
  });

  it('modifies parameters into a new file and dry-runs it', async () => {
    const { env } = recipesDir();
    const r = await runCli([], env, { answers: ['2', '3', 'renamed', '', '4', '', '', '4', '6'] });
    expect(r.code).toBe(0);
    expect(r.questions.slice(2, 7)).toStrictEqual([
      'Job name [mock-disagg]: ',
      'Prefill workers [1]: ',
      'Decode workers [2]: ',
      'Input sequence length [128]: ',
      'Output sequence length [64]: ',
    ]);
    expect(r.stdout).toContain('Configuration modified.\n');
    expect(r.stdout).toContain('#SBATCH --job-name=renamed\n');
    expect(r.stdout).toContain('decode: 4 workers');
  });

  it('exits 0 with No config selected when nothing is chosen, and 1 for a missing path', async () => {
    const { env } = recipesDir();
    expect((await runCli([], env, { answers: [] })).stdout).toContain('No config selected. Exiting.\n');
    const missing = await runCli([], env, { answers: ['b', 'nope.yaml'] });
    expect([missing.code, missing.stdout.split('\n').at(-2)]).toStrictEqual([1, 'Config not found: nope.yaml']);
  });
});
