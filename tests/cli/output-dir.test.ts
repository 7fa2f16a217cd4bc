import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { cliEnv, fakeSbatch, runCli, SPEC_EXAMPLE_FILES, SPEC_EXAMPLES, workdir } from './cli-harness.ts';

// `-o/--output DIR` and the cluster file's `output_dir` (variants-and-workflows §5.3): the output
// base of every job, decided (absolute) on the submit host and passed into the batch script.

function setup(files: Readonly<Record<string, string>> = {}, vars: Record<string, string> = {}) {
  const dir = workdir({ ...SPEC_EXAMPLE_FILES, 'recipe.yaml': { copy: join(SPEC_EXAMPLES, 'example.yaml') }, 'sweep.yaml': { copy: join(SPEC_EXAMPLES, 'example-sweep.yaml') }, 'srtctl.mjs': '', ...files });
  const sbatch = fakeSbatch();
  const env = cliEnv(dir, { exec: sbatch.exec, extraVars: { SRTCTL_BUNDLE: join(dir, 'srtctl.mjs'), ...vars } });
  return { dir, sbatch, env };
}

const records = (stdout: string): Record<string, unknown>[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('apply -o DIR', () => {
  it('puts the job folder in DIR/<job_id> (absolute, from a relative DIR), renders the script for it and reports it in --json', async () => {
    const { dir, sbatch, env } = setup();
    const r = await runCli(['apply', '-f', 'recipe.yaml', '-o', 'runs/', '--json', '--tags', 'a, b'], env);
    expect(r.code, r.stderr).toBe(0);
    const base = join(dir, 'runs');
    expect(records(r.stdout)).toMatchObject([
      {
        status: 'submitted',
        job_id: '12345',
        output_dir: join(base, '12345'),
        metadata_path: join(base, '12345', '12345.json'),
        runtime_config_path: join(base, '12345', 'config.yaml'),
        tags: ['a', 'b'],
      },
    ]);
    const script = sbatch.calls[0]!.input!;
    expect(script).toContain(`#SBATCH --output=${base}/%j/logs/sweep_%j.log\n`);
    expect(script).toContain(`OUTPUT_BASE=${shellQuote(base)}\nOUTPUT_DIR="\${OUTPUT_BASE}/\${SLURM_JOB_ID}"\n`);
    expect(script).toContain('run "${OUTPUT_DIR}/config.yaml" -o "${OUTPUT_BASE}"');
    expect(readFileSync(join(base, '12345', 'sbatch_script.sh'), 'utf8')).toBe(script);
    expect(JSON.parse(readFileSync(join(base, '12345', '12345.json'), 'utf8'))).toMatchObject({ job_id: '12345', tags: ['a', 'b'] });
    expect(existsSync(join(dir, 'outputs'))).toBe(false);
  });

  it('prints the folder as given to the user: relative inside the working directory, absolute outside', async () => {
    const { dir, env } = setup();
    const elsewhere = workdir();
    const r = await runCli(['apply', '-f', 'sweep.yaml', '-y', '-o', elsewhere], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`: job 12345 → ${elsewhere}/12345\n`);
    expect(existsSync(join(elsewhere, '12348', 'config.yaml'))).toBe(true);
    const single = await runCli(['apply', '-f', 'recipe.yaml', '-o', 'runs'], env);
    expect(single.stdout).toContain('📁 Output: runs/12349\n📋 Monitor: tail -f runs/12349/logs/sweep_12349.log\n');
    expect(dir).not.toBe(elsewhere);
  });

  it('uses output_dir of srtslurm.yaml ($VAR expanded) when -o is not given, and -o over it', async () => {
    const shared = workdir();
    const { dir, sbatch, env } = setup({ 'srtslurm.yaml': 'output_dir: $SHARED/runs\n' }, { SHARED: shared });
    const fromCluster = await runCli(['apply', '-f', 'recipe.yaml', '--json'], env);
    expect(fromCluster.code, fromCluster.stderr).toBe(0);
    expect(records(fromCluster.stdout)[0]).toMatchObject({ output_dir: join(shared, 'runs', '12345') });
    expect(sbatch.calls[0]!.input).toContain(`OUTPUT_BASE=${shellQuote(join(shared, 'runs'))}\n`);
    const fromFlag = await runCli(['apply', '-f', 'recipe.yaml', '--json', '-o', 'mine'], env);
    expect(records(fromFlag.stdout)[0]).toMatchObject({ output_dir: join(dir, 'mine', '12346') });
    // The ledger commands look where apply put the jobs: the cluster's output_dir, and -o DIR.
    const status = await runCli(['status', '--json'], env);
    expect((JSON.parse(status.stdout) as { job_id: string }[]).map((j) => j.job_id)).toStrictEqual(['12345']);
    const both = await runCli(['status', '--json', '-o', 'mine'], env);
    expect((JSON.parse(both.stdout) as { job_id: string; output_dir: string }[]).map((j) => [j.job_id, j.output_dir])).toStrictEqual([
      ['12346', join(dir, 'mine', '12346')],
      ['12345', join(shared, 'runs', '12345')],
    ]);
  });

  it('keeps the default script (./outputs, ${PWD}) byte for byte without -o or output_dir', async () => {
    const { sbatch, env } = setup();
    await runCli(['apply', '-f', 'recipe.yaml'], env);
    const script = sbatch.calls[0]!.input!;
    expect(script).toContain('#SBATCH --output=./outputs/%j/logs/sweep_%j.log\n');
    expect(script).toContain('OUTPUT_DIR="${WORK_DIR}/outputs/${SLURM_JOB_ID}"\n');
    expect(script).not.toContain('OUTPUT_BASE');
  });

  it('delivers a DIR full of shell syntax byte for byte: the script quotes it, the files land there', async () => {
    const { dir, sbatch, env } = setup();
    const hostile = join(dir, 'o$(id>pwned);`id>pwned`&|<>*?!$HOME');
    const r = await runCli(['apply', '-f', 'recipe.yaml', '-o', hostile, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(records(r.stdout)[0]).toMatchObject({ output_dir: join(hostile, '12345') });
    expect(sbatch.calls[0]!.input).toContain(`\nOUTPUT_BASE='${hostile}'\n`);
    expect(existsSync(join(hostile, '12345', '12345.json'))).toBe(true);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it.each([
    ['whitespace', 'my runs'],
    ['a newline', 'runs\n#SBATCH --uid=0'],
    ['a quote', "it's"],
    ['% (an sbatch pattern)', 'runs/%u'],
  ])('refuses a DIR with %s before submitting anything (SRT_USAGE, also as a --json record)', async (_what, out) => {
    const { sbatch, env } = setup();
    const r = await runCli(['apply', '-f', 'recipe.yaml', '-o', out, '--json'], env);
    expect(r.code).toBe(2);
    expect(records(r.stdout)).toMatchObject([{ status: 'error', code: 'SRT_USAGE', error: expect.stringContaining('cannot be an output folder') }]);
    expect(sbatch.calls).toHaveLength(0);
  });

  it('refuses an output_dir sbatch could not read, naming srtslurm.yaml (SRT_CLUSTER_INVALID)', async () => {
    const { sbatch, env } = setup({ 'srtslurm.yaml': 'output_dir: "/shared/my runs"\n' });
    const r = await runCli(['apply', '-f', 'recipe.yaml'], env);
    expect([r.code, sbatch.calls.length]).toStrictEqual([1, 0]);
    expect(r.stderr).toMatch(/srtslurm\.yaml: output_dir "\/shared\/my runs" .*cannot be an output folder/);
  });

  it('fails before submitting when DIR cannot be created (SRT_OUTPUT_FAILED)', async () => {
    const { sbatch, env } = setup({ file: 'not a folder\n' });
    const r = await runCli(['apply', '-f', 'recipe.yaml', '-o', 'file/runs'], env);
    expect([r.code, sbatch.calls.length]).toStrictEqual([1, 0]);
    expect(r.stderr).toMatch(/Cannot create the output folder \S+\/file\/runs/);
  });
});

describe('dry-run and validate -o DIR', () => {
  it('dry-run shows the script and plan for DIR; validate checks it', async () => {
    const { dir, env } = setup();
    const r = await runCli(['dry-run', '-f', 'recipe.yaml', '-o', 'runs', '--json', '--job-id', '77'], env);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { sbatch_script: string; runtime: { outputDir: string; logDir: string; outputBase: string } };
    expect(plan.sbatch_script).toContain(`OUTPUT_BASE=${shellQuote(join(dir, 'runs'))}\n`);
    expect(plan.runtime).toMatchObject({ outputBase: join(dir, 'runs'), outputDir: join(dir, 'runs', '77'), logDir: join(dir, 'runs', '77', 'logs') });
    expect((await runCli(['validate', '-f', 'recipe.yaml', '-o', 'runs'], env)).code).toBe(0);
    expect((await runCli(['validate', '-f', 'recipe.yaml', '-o', 'a b'], env)).code).toBe(2);
  });
});
