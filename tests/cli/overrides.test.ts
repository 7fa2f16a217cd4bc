import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, fakeSbatch, FIXTURES, runCli, scrub, workdir } from './cli-harness.ts';

const BUNDLE = { SRTCTL_BUNDLE: '/opt/srtctl/dist/srtctl.mjs' };
const DEMO = join(FIXTURES, 'overrides', 'demo.yaml');

/** demo.yaml with a sweep in base: 3 variants × 2 sweep points. */
const SWEEPING = `base:
  name: sw
  model: {path: /m, container: img, precision: fp8}
  resources: {gpu_type: h100, gpus_per_node: 8, prefill_nodes: 1, prefill_workers: 1, decode_nodes: 1, decode_workers: 1}
  benchmark: {type: sa-bench, isl: 1024, osl: "{osl}", concurrencies: [4]}
  sweep:
    osl: [128, 256]
override_a:
  environment: {X: "1"}
zip_override_z:
  resources: {decode_nodes: [1, 2], decode_workers: [1, 2]}
`;

describe('override files (variants-and-workflows §1, worked example §1.9)', () => {
  it('dry-run --json gives one plan per variant; each resolved config is golden', async () => {
    const dir = workdir({ 'demo.yaml': { copy: DEMO }, 'dsr1/config.json': '{}\n' });
    const r = await runCli(['dry-run', '--no-preflight', '-f', 'demo.yaml', '--json'], cliEnv(dir, { extraVars: BUNDLE }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('base not selected (add :base to submit it)');
    const jobs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { variant: string; job_name: string; config: unknown });
    expect(jobs.map((j) => [j.variant, j.job_name])).toStrictEqual([
      ['lowmem', 'demo_lowmem'],
      ['dn_0', 'demo_dn_0'],
      ['dn_1', 'demo_dn_1'],
    ]);
    for (const j of jobs) await expect(`${JSON.stringify(j.config, null, 2)}\n`).toMatchFileSnapshot(`../golden/overrides/demo.${j.variant}.config.json`);
  });

  it.each([
    ['demo.yaml:base', ['demo']],
    ['demo.yaml:zip_override_dn[1]', ['demo_dn_1']],
    ['demo.yaml:*dn*', ['demo_dn_0', 'demo_dn_1']],
    ['demo.yaml:override_*', ['demo_lowmem']],
  ])('selects %s', async (arg, names) => {
    const dir = workdir({ 'demo.yaml': { copy: DEMO }, 'dsr1/config.json': '{}\n' });
    const r = await runCli(['dry-run', '--no-preflight', '-f', arg, '--json'], cliEnv(dir, { extraVars: BUNDLE }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { job_name: string }).job_name)).toStrictEqual(names);
  });

  it('selector errors are usage errors (exit 2)', async () => {
    const dir = workdir({ 'demo.yaml': { copy: DEMO }, 'dsr1/config.json': '{}\n' });
    const range = await runCli(['dry-run', '--no-preflight', '-f', 'demo.yaml:zip_override_dn[2]'], cliEnv(dir, { extraVars: BUNDLE }));
    expect([range.code, range.stderr]).toStrictEqual([2, expect.stringContaining("Index [2] out of range for 'zip_override_dn' (has 2 variants, valid: 0–1)")]);
    const bad = await runCli(['dry-run', '--no-preflight', '-f', 'demo.yaml:lowmem'], cliEnv(dir, { extraVars: BUNDLE }));
    expect([bad.code, bad.stderr]).toStrictEqual([2, expect.stringContaining("Invalid selector 'lowmem'.")]);
  });

  it('resolve-override writes <stem>_<suffix>.yaml beside the file (golden), then says Overwrote', async () => {
    const dir = workdir({ 'demo.yaml': { copy: DEMO }, 'dsr1/config.json': '{}\n' });
    const r = await runCli(['resolve-override', '-f', 'demo.yaml'], cliEnv(dir));
    expect([r.code, r.stdout]).toStrictEqual([0, 'Wrote: demo_lowmem.yaml\nWrote: demo_dn_0.yaml\nWrote: demo_dn_1.yaml\n']);
    for (const s of ['lowmem', 'dn_0', 'dn_1']) await expect(readFileSync(join(dir, `demo_${s}.yaml`), 'utf8')).toMatchFileSnapshot(`../golden/overrides/demo_${s}.yaml`);
    const again = await runCli(['resolve-override', '-f', 'demo.yaml:override_lowmem'], cliEnv(dir));
    expect(again.stdout).toBe('Overwrote: demo_lowmem.yaml\n');
  });

  it('resolve-override --stdout separates variants; -f - needs --stdout; --set is included', async () => {
    const dir = workdir();
    const text = readFileSync(DEMO, 'utf8');
    const r = await runCli(['resolve-override', '-f', '-:zip_override_dn', '--stdout', '--set', 'resources.decode_nodes=8'], cliEnv(dir), { stdin: text });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# --- dn_0 ---\n[\s\S]*decode_nodes: 8[\s\S]*\n\n# --- dn_1 ---\n/);
    const noStdout = await runCli(['resolve-override', '-f', '-'], cliEnv(dir), { stdin: text });
    expect([noStdout.code, noStdout.stderr]).toStrictEqual([2, expect.stringContaining('resolve-override -f - needs --stdout')]);
  });

  it('reports structure problems with file:line:col and a did-you-mean', async () => {
    const dir = workdir({ 'bad.yaml': 'base:\n  name: x\noveride_a:\n  setup_script: s\n' });
    const r = await runCli(['validate', '--no-preflight', '-f', 'bad.yaml'], cliEnv(dir));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.yaml:3:1 overide_a: unknown key in an override file (only base, override_<name> and zip_override_<name>); did you mean override_a?');
  });

  it('names the variants and the --set edit where validation fails', async () => {
    const dir = workdir({ 'demo.yaml': { copy: DEMO }, 'dsr1/config.json': '{}\n' });
    const r = await runCli(['validate', '--no-preflight', '-f', 'demo.yaml', '--set', 'health_check.max_attempts=-1', '--set', 'benchmark.isll=5'], cliEnv(dir));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--set #1 \(health_check\.max_attempts=-1\) health_check\.max_attempts: .* \(override_lowmem, zip_override_dn\[0\], zip_override_dn\[1\]\)/);
    expect(r.stderr).toMatch(/--set #2 \(benchmark\.isll=5\) benchmark\.isll: .*did you mean `isl`/);
  });

  it('a sweep in base runs inside every variant, --set applies per variant', async () => {
    const dir = workdir({ 'sw.yaml': SWEEPING });
    const r = await runCli(['dry-run', '--no-preflight', '-f', 'sw.yaml', '--json', '--set', 'benchmark.isl=2048'], cliEnv(dir, { extraVars: BUNDLE }));
    expect(r.code, r.stderr).toBe(0);
    const jobs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { job_name: string; variant: string; sweep_params: object; applied_overrides: unknown; config: { benchmark: { isl: number; osl: number } } });
    expect(jobs.map((j) => [j.variant, j.job_name, j.config.benchmark.osl, j.config.benchmark.isl])).toStrictEqual([
      ['a', 'sw_a_osl128', 128, 2048],
      ['a', 'sw_a_osl256', 256, 2048],
      ['z_0', 'sw_z_0_osl128', 128, 2048],
      ['z_0', 'sw_z_0_osl256', 256, 2048],
      ['z_1', 'sw_z_1_osl128', 128, 2048],
      ['z_1', 'sw_z_1_osl256', 256, 2048],
    ]);
    expect(jobs[0]!.applied_overrides).toStrictEqual([{ op: 'set', path: 'benchmark.isl', value: 2048 }]);
  });

  it('apply --json: one record per job, also for the job in the middle that failed; metadata records variant and edits', async () => {
    const dir = workdir({ 'sw.yaml': SWEEPING, 'srtctl.mjs': '// bundle stand-in\n' });
    const sbatch = fakeSbatch({ fail: (n) => (n === 3 ? 'sbatch: error: Batch job submission failed: Invalid account' : undefined) });
    const env = cliEnv(dir, { extraVars: { SRTCTL_BUNDLE: join(dir, 'srtctl.mjs') }, exec: sbatch.exec });
    const r = await runCli(['apply', '--no-preflight', '-f', 'sw.yaml', '--json', '-y', '--tags', 'a,b', '--set', 'benchmark.isl=2048'], env);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.length, r.stdout).toBe(6);
    expect(r.code).toBe(1);
    expect(records.map((x) => [x['status'], x['job_name'], x['variant'] ?? null])).toStrictEqual([
      ['submitted', 'sw_a_osl128', 'a'],
      ['submitted', 'sw_a_osl256', 'a'],
      ['error', 'sw_z_0_osl128', null],
      ['submitted', 'sw_z_0_osl256', 'z_0'],
      ['submitted', 'sw_z_1_osl128', 'z_1'],
      ['submitted', 'sw_z_1_osl256', 'z_1'],
    ]);
    expect(scrub(JSON.stringify(records[0]), dir)).toMatchInlineSnapshot(`"{"status":"submitted","slurm_job_id":"12345","job_id":"12345","job_name":"sw_a_osl128","output_dir":"<root>/outputs/12345","metadata_path":"<root>/outputs/12345/12345.json","config_path":"<root>/sw.yaml","runtime_config_path":"<root>/outputs/12345/config.yaml","variant":"a","sweep_params":{"osl":128},"tags":["a","b"],"applied_overrides":[{"op":"set","path":"benchmark.isl","value":2048}]}"`);
    const meta = JSON.parse(readFileSync(join(dir, 'outputs', '12345', '12345.json'), 'utf8')) as Record<string, unknown>;
    expect([meta['variant'], meta['applied_overrides'], meta['tags']]).toStrictEqual(['a', [{ op: 'set', path: 'benchmark.isl', value: 2048 }], ['a', 'b']]);
    expect(readFileSync(join(dir, 'outputs', '12345', 'source.yaml'), 'utf8')).toBe(SWEEPING);
  });

  it('apply --json prints an error record when nothing could be submitted', async () => {
    const dir = workdir({ 'demo.yaml': { copy: DEMO }, 'dsr1/config.json': '{}\n' });
    const r = await runCli(['apply', '--no-preflight', '-f', 'demo.yaml', '--json', '--set', 'a..b=1'], cliEnv(dir, { extraVars: BUNDLE, exec: fakeSbatch().exec }));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'error', code: 'SRT_USAGE' });
  });
});

describe('-f DIR and -f -', () => {
  it('validates every recipe under a directory first, skipping hidden dirs and srtslurm.yaml', async () => {
    const dir = workdir({ 'demo.yaml': { copy: DEMO }, 'dsr1/config.json': '{}\n', 'srtctl.mjs': '// bundle stand-in\n' });
    mkdirSync(join(dir, 'more'));
    mkdirSync(join(dir, '.hidden'));
    writeFileSync(join(dir, '.hidden', 'x.yaml'), 'broken: [');
    writeFileSync(join(dir, 'more', 'sw.yml'), SWEEPING);
    const ok = await runCli(['validate', '--no-preflight', '-f', '.'], cliEnv(dir));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('valid override file of 3 jobs');
    expect(ok.stdout).toContain('valid override file of 6 jobs');
    writeFileSync(join(dir, 'more', 'bad.yaml'), 'name: x\n');
    const sbatch = fakeSbatch();
    const bad = await runCli(['apply', '--no-preflight', '-f', '.', '-y'], cliEnv(dir, { extraVars: { SRTCTL_BUNDLE: join(dir, 'srtctl.mjs') }, exec: sbatch.exec }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('1 of 3 recipe files under . has problems; nothing was submitted');
    expect(bad.stderr).toContain('more/bad.yaml');
    expect(sbatch.calls).toHaveLength(0);
    expect(readdirSync(dir)).not.toContain('outputs');
  });

  it('reads a recipe from standard input and reports <stdin> positions', async () => {
    const dir = workdir({ 'dsr1/config.json': '{}\n' });
    const text = readFileSync(DEMO, 'utf8');
    const r = await runCli(['validate', '--no-preflight', '-f', '-:override_lowmem'], cliEnv(dir), { stdin: text });
    expect([r.code, r.stdout]).toStrictEqual([0, expect.stringContaining('- : valid'.replace(' ', ''))]);
    const bad = await runCli(['validate', '--no-preflight', '-f', '-'], cliEnv(dir), { stdin: 'name: x\nbogus: 1\n' });
    expect(bad.stderr).toContain('<stdin>:2:1 bogus');
    const empty = await runCli(['validate', '--no-preflight', '-f', '-'], cliEnv(dir), { stdin: '  \n' });
    expect(empty.stderr).toContain('<stdin>: no YAML received on standard input');
  });
});

describe('listRecipeVariants (for interactive mode)', () => {
  it('lists the variants of an override file with names, and a plain recipe as itself', async () => {
    const { listRecipeVariants } = await import('@srt/cli');
    const dir = workdir({ 'demo.yaml': { copy: DEMO }, 'dsr1/config.json': '{}\n', 'plain.yaml': 'name: p\n' });
    const env = cliEnv(dir);
    expect((await listRecipeVariants('demo.yaml', env)).map((v) => [v.label, v.name])).toStrictEqual([
      ['override_lowmem', 'demo_lowmem'],
      ['zip_override_dn[0]', 'demo_dn_0'],
      ['zip_override_dn[1]', 'demo_dn_1'],
    ]);
    expect((await listRecipeVariants('demo.yaml', env, { selector: 'base' })).map((v) => v.name)).toStrictEqual(['demo']);
    expect((await listRecipeVariants('plain.yaml', env)).map((v) => [v.label, v.name])).toStrictEqual([[undefined, 'p']]);
  });
});
