import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { backendSchemas } from '@srt/backends';
import { parseConfig } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { cliEnv, fakeSbatch, MOCK_EXAMPLES, runCli, scrub, SPEC_EXAMPLE_FILES, SPEC_EXAMPLES, workdir } from './cli-harness.ts';

function setup(recipe: string, name = 'recipe.yaml') {
  const dir = workdir({ ...SPEC_EXAMPLE_FILES, [name]: { copy: recipe }, 'srtctl.mjs': '// bundle stand-in\n', 'configs/install-deps.sh': 'true\n' });
  const sbatch = fakeSbatch();
  const env = cliEnv(dir, { exec: sbatch.exec, extraVars: { SRTCTL_BUNDLE: join(dir, 'srtctl.mjs') } });
  return { dir, sbatch, env };
}

/** Re-loads a snapshot the way the job does, so it must be a valid recipe. */
const parse = (text: string) => parseConfig(text, { source: 'config.yaml', backends: backendSchemas }).config;

const read = (dir: string, ...p: string[]): string => readFileSync(join(dir, ...p), 'utf8');

describe('srtctl apply', () => {
  it('submits with sbatch and writes config.yaml, sbatch_script.sh and <job_id>.json', async () => {
    const { dir, sbatch, env } = setup(join(SPEC_EXAMPLES, 'example.yaml'));
    const r = await runCli(['apply', '-f', 'recipe.yaml', '--tags', ' fp8, baseline,,'], env);
    expect(r.code).toBe(0);
    expect(scrub(r.stdout, dir)).toMatchInlineSnapshot(`
      "🚀 Submitting: example-job
      ✅ Job 12345 submitted!
      📁 Output: outputs/12345
      📋 Monitor: tail -f outputs/12345/logs/sweep_12345.log
      "
    `);
    expect(sbatch.calls.map((c) => [c.argv, c.cwd])).toStrictEqual([[['sbatch'], dir]]);
    expect(read(dir, 'outputs/12345/sbatch_script.sh')).toBe(sbatch.calls[0]!.input);
    expect(statSync(join(dir, 'outputs/12345/sbatch_script.sh')).mode & 0o777).toBe(0o755);
    expect(read(dir, 'outputs/12345/12345.json')).toMatchInlineSnapshot(`
      "{
        "version": "2.0",
        "orchestrator": true,
        "job_id": "12345",
        "job_name": "example-job",
        "generated_at": "2025-01-02 03:04:05",
        "model": {
          "path": "deepseek-r1",
          "container": "lmsysorg+sglang+v0.5.5.post2.sqsh",
          "precision": "fp8"
        },
        "resources": {
          "gpu_type": "gb200",
          "gpus_per_node": 4,
          "prefill_nodes": 1,
          "decode_nodes": 1,
          "prefill_workers": 1,
          "decode_workers": 1,
          "agg_workers": 0
        },
        "backend_type": "sglang",
        "use_sglang_router": false,
        "benchmark": {
          "type": "sa-bench",
          "isl": 1024,
          "osl": 1024
        },
        "tags": [
          "fp8",
          "baseline"
        ]
      }
      "
    `);
  });

  it('writes the config snapshot the job runs from into the script and outputs/<id>/config.yaml', async () => {
    const { dir, sbatch, env } = setup(join(SPEC_EXAMPLES, 'example.yaml'));
    await runCli(['apply', '-f', 'recipe.yaml'], env);
    const snapshot = read(dir, 'outputs/12345/config.yaml');
    expect(sbatch.calls[0]!.input).toContain(`<<'SRTCTL_CONFIG_EOF'\n${snapshot}SRTCTL_CONFIG_EOF\n`);
    expect(sbatch.calls[0]!.input).toContain(`run "\${OUTPUT_DIR}/config.yaml"`);
    expect(parse(snapshot)).toMatchObject({ name: 'example-job', resources: { prefill_workers: 1, decode_workers: 1 } });
  });

  it('applies --setup-script to the snapshot the job reads and to the metadata', async () => {
    const { dir, sbatch, env } = setup(join(SPEC_EXAMPLES, 'example.yaml'));
    const r = await runCli(['apply', '-f', 'recipe.yaml', '--setup-script', 'install-deps.sh'], env);
    expect(r.code).toBe(0);
    expect(parse(read(dir, 'outputs/12345/config.yaml'))).toMatchObject({ setup_script: 'install-deps.sh' });
    expect(sbatch.calls[0]!.input).toContain('\nsetup_script: install-deps.sh\n');
    expect(JSON.parse(read(dir, 'outputs/12345/12345.json'))).toMatchObject({ setup_script: 'install-deps.sh' });
  });

  it('submits every job of a sweep, each with its own config in outputs/<job_id>/', async () => {
    const { dir, sbatch, env } = setup(join(SPEC_EXAMPLES, 'example-sweep.yaml'));
    const r = await runCli(['apply', '-f', 'recipe.yaml'], env);
    expect(r.code).toBe(0);
    expect(sbatch.calls).toHaveLength(4);
    expect(scrub(r.stdout, dir)).toMatchInlineSnapshot(`
      "Sweep: example-sweep (4 jobs)
      #  Job Name                                                      Parameters
      ─  ────────────────────────────────────────────────────────────  ─────────────────────────────────────────────────
      1  example-sweep_chunked_prefill_size4096_max_total_tokens8192   chunked_prefill_size=4096, max_total_tokens=8192
      2  example-sweep_chunked_prefill_size4096_max_total_tokens16384  chunked_prefill_size=4096, max_total_tokens=16384
      3  example-sweep_chunked_prefill_size8192_max_total_tokens8192   chunked_prefill_size=8192, max_total_tokens=8192
      4  example-sweep_chunked_prefill_size8192_max_total_tokens16384  chunked_prefill_size=8192, max_total_tokens=16384
      🚀 Submitting 4 jobs of example-sweep
      ✅ [1/4] example-sweep_chunked_prefill_size4096_max_total_tokens8192: job 12345 → outputs/12345
      ✅ [2/4] example-sweep_chunked_prefill_size4096_max_total_tokens16384: job 12346 → outputs/12346
      ✅ [3/4] example-sweep_chunked_prefill_size8192_max_total_tokens8192: job 12347 → outputs/12347
      ✅ [4/4] example-sweep_chunked_prefill_size8192_max_total_tokens16384: job 12348 → outputs/12348
      ✅ Sweep complete! Submitted 4 jobs.
      "
    `);
    const sizes = [12345, 12346, 12347, 12348].map((id) => {
      const c = parse(read(dir, `outputs/${id}/config.yaml`)) as unknown as { name: string; backend: { sglang_config: { prefill: Record<string, unknown> } } };
      return [c.name, c.backend.sglang_config.prefill['chunked-prefill-size'], c.backend.sglang_config.prefill['max-total-tokens']];
    });
    expect(sizes).toStrictEqual([
      ['example-sweep_chunked_prefill_size4096_max_total_tokens8192', '4096', '8192'],
      ['example-sweep_chunked_prefill_size4096_max_total_tokens16384', '4096', '16384'],
      ['example-sweep_chunked_prefill_size8192_max_total_tokens8192', '8192', '8192'],
      ['example-sweep_chunked_prefill_size8192_max_total_tokens16384', '8192', '16384'],
    ]);
  });

  it('reports per-job failures of a sweep, submits the rest and exits 1', async () => {
    const dir = workdir({ ...SPEC_EXAMPLE_FILES, 'recipe.yaml': { copy: join(SPEC_EXAMPLES, 'example-sweep.yaml') }, 'srtctl.mjs': '' });
    const sbatch = fakeSbatch({ fail: (n) => (n === 2 ? 'sbatch: error: Batch job submission failed: Invalid account' : undefined) });
    const env = cliEnv(dir, { exec: sbatch.exec, extraVars: { SRTCTL_BUNDLE: join(dir, 'srtctl.mjs') } });
    const r = await runCli(['apply', '-f', 'recipe.yaml', '--json'], env);
    expect(r.code).toBe(1);
    expect(sbatch.calls).toHaveLength(4);
    expect(scrub(r.stdout, dir)).toMatchInlineSnapshot(`
      "{"status":"submitted","slurm_job_id":"12345","job_id":"12345","job_name":"example-sweep_chunked_prefill_size4096_max_total_tokens8192","output_dir":"<root>/outputs/12345","metadata_path":"<root>/outputs/12345/12345.json","config_path":"<root>/recipe.yaml","runtime_config_path":"<root>/outputs/12345/config.yaml","variant":null,"sweep_params":{"chunked_prefill_size":4096,"max_total_tokens":8192},"tags":[],"applied_overrides":[]}
      {"status":"error","job_name":"example-sweep_chunked_prefill_size4096_max_total_tokens16384","code":"SRT_SUBMIT_FAILED","error":"sbatch failed (exit 1) for example-sweep_chunked_prefill_size4096_max_total_tokens16384: fix the problem sbatch reports below and submit again","details":["sbatch: error: Batch job submission failed: Invalid account"]}
      {"status":"submitted","slurm_job_id":"12346","job_id":"12346","job_name":"example-sweep_chunked_prefill_size8192_max_total_tokens8192","output_dir":"<root>/outputs/12346","metadata_path":"<root>/outputs/12346/12346.json","config_path":"<root>/recipe.yaml","runtime_config_path":"<root>/outputs/12346/config.yaml","variant":null,"sweep_params":{"chunked_prefill_size":8192,"max_total_tokens":8192},"tags":[],"applied_overrides":[]}
      {"status":"submitted","slurm_job_id":"12347","job_id":"12347","job_name":"example-sweep_chunked_prefill_size8192_max_total_tokens16384","output_dir":"<root>/outputs/12347","metadata_path":"<root>/outputs/12347/12347.json","config_path":"<root>/recipe.yaml","runtime_config_path":"<root>/outputs/12347/config.yaml","variant":null,"sweep_params":{"chunked_prefill_size":8192,"max_total_tokens":16384},"tags":[],"applied_overrides":[]}
      "
    `);
    expect(r.stderr).toMatchInlineSnapshot(`
      "❌ [2/4] example-sweep_chunked_prefill_size4096_max_total_tokens16384: sbatch failed (exit 1) for example-sweep_chunked_prefill_size4096_max_total_tokens16384: fix the problem sbatch reports below and submit again
      Error: 1 of 4 jobs were not submitted (the other 3 were): fix the cause and resubmit those jobs
      [2/4] example-sweep_chunked_prefill_size4096_max_total_tokens16384: sbatch failed (exit 1) for example-sweep_chunked_prefill_size4096_max_total_tokens16384: fix the problem sbatch reports below and submit again
        sbatch: error: Batch job submission failed: Invalid account
      "
    `);
  });

  it('asks before submitting several jobs on a terminal, and -y skips the question', async () => {
    const { sbatch, env } = setup(join(SPEC_EXAMPLES, 'example-sweep.yaml'));
    const declined = await runCli(['apply', '-f', 'recipe.yaml'], env, { tty: true, answers: ['n'] });
    expect([declined.code, declined.questions, sbatch.calls.length]).toStrictEqual([0, ['Submit 4 jobs to SLURM? [y/N] '], 0]);
    const yes = await runCli(['apply', '-f', 'recipe.yaml', '-y'], env, { tty: true });
    expect([yes.code, yes.questions, sbatch.calls.length]).toStrictEqual([0, [], 4]);
  });

  it('points to --local and dry-run when sbatch is not installed', async () => {
    const dir = workdir({ 'recipe.yaml': { copy: join(MOCK_EXAMPLES, 'disagg.yaml') } });
    const r = await runCli(['apply', '-f', 'recipe.yaml'], cliEnv(dir, { exec: fakeSbatch({ missing: true }).exec }));
    expect(r).toStrictEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: sbatch not found: use `srtctl apply --local` to run on this machine, or `srtctl dry-run` to see the plan\n',
      questions: [],
    });
  });

  it('refuses before submitting when the setup script is missing or the model is not an alias (preflight)', async () => {
    const dir = workdir({ 'recipe.yaml': { copy: join(SPEC_EXAMPLES, 'example.yaml') }, 'srtctl.mjs': '' });
    const sbatch = fakeSbatch();
    const r = await runCli(['apply', '-f', 'recipe.yaml', '--setup-script', 'missing.sh'], cliEnv(dir, { exec: sbatch.exec, extraVars: { SRTCTL_BUNDLE: join(dir, 'srtctl.mjs') } }));
    expect(r.code).toBe(1);
    expect(sbatch.calls).toHaveLength(0);
    expect(scrub(r.stderr, dir).split('\n').slice(0, 3)).toStrictEqual([
      'Error: recipe.yaml has 3 problems',
      'recipe.yaml:5:1 setup_script: --setup-script missing.sh: <root>/configs/missing.sh does not exist; put the script in <root>/configs/ (mounted at /configs in the job)',
      'recipe.yaml:9:9 model.path: "deepseek-r1" is neither a model alias (there is no srtslurm.yaml) nor an existing path (<root>/deepseek-r1): add the alias to model_paths or write the model\'s path',
    ]);
  });

  it('submits an hf: model without looking for it on disk, and prints the plan warnings (engines.md §7)', async () => {
    const recipe = read(SPEC_EXAMPLES, 'example.yaml').replace(/path: "?deepseek-r1"?/, 'path: "hf:Qwen/Qwen3-0.6B"').concat('environment: {HF_HOME: /hf-cache}\n');
    const dir = workdir({ ...SPEC_EXAMPLE_FILES, 'recipe.yaml': recipe, 'srtctl.mjs': '' });
    const sbatch = fakeSbatch();
    const r = await runCli(['apply', '-f', 'recipe.yaml'], cliEnv(dir, { exec: sbatch.exec, extraVars: { SRTCTL_BUNDLE: join(dir, 'srtctl.mjs') } }));
    expect(r.code, r.stderr).toBe(0);
    expect(sbatch.calls).toHaveLength(1);
    expect(r.stderr).toContain('Warning: HF_HOME=/hf-cache is not inside any container mount');
  });

  it('reports a rejected submission with sbatch’s own message', async () => {
    const dir = workdir({ ...SPEC_EXAMPLE_FILES, 'recipe.yaml': { copy: join(SPEC_EXAMPLES, 'example.yaml') }, 'srtctl.mjs': '' });
    const sbatch = fakeSbatch({ fail: () => 'sbatch: error: invalid partition specified: gpu' });
    const r = await runCli(['apply', '-f', 'recipe.yaml'], cliEnv(dir, { exec: sbatch.exec, extraVars: { SRTCTL_BUNDLE: join(dir, 'srtctl.mjs') } }));
    expect([r.code, r.stderr]).toMatchInlineSnapshot(`
      [
        1,
        "Error: sbatch failed (exit 1) for example-job: fix the problem sbatch reports below and submit again
      sbatch: error: invalid partition specified: gpu
      ",
      ]
    `);
  });

  it('rejects a job name that cannot go into #SBATCH --job-name before submitting', async () => {
    const dir = workdir({ 'recipe.yaml': read(SPEC_EXAMPLES, 'example.yaml').replace('name: "example-job"', 'name: "my job"'), 'srtctl.mjs': '' });
    const sbatch = fakeSbatch();
    const r = await runCli(['apply', '-f', 'recipe.yaml'], cliEnv(dir, { exec: sbatch.exec, extraVars: { SRTCTL_BUNDLE: join(dir, 'srtctl.mjs') } }));
    expect([r.code, r.stderr, sbatch.calls.length]).toMatchInlineSnapshot(`
      [
        1,
        "Error: name "my job" cannot go into an #SBATCH line: use only letters, digits and punctuation without spaces, quotes, backslashes or #
      ",
        0,
      ]
    `);
  });
});
