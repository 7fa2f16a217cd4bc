import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, MOCK_EXAMPLES, runCli, scrub, SPEC_EXAMPLE_FILES, SPEC_EXAMPLES, workdir } from './cli-harness.ts';

const BUNDLE = { SRTCTL_BUNDLE: '/opt/srtctl/dist/srtctl.mjs' };

describe('srtctl dry-run', () => {
  it('prints the sbatch script and the plan table, and writes nothing', async () => {
    const dir = workdir({ 'disagg.yaml': { copy: join(MOCK_EXAMPLES, 'disagg.yaml') } });
    const r = await runCli(['dry-run', '-f', 'disagg.yaml'], cliEnv(dir, { extraVars: BUNDLE }));
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toStrictEqual(['disagg.yaml']);
    expect(scrub(r.stdout, dir)).toMatchSnapshot();
  });

  it('prints the whole launch plan as one JSON document with --json', async () => {
    const dir = workdir({ 'disagg.yaml': { copy: join(MOCK_EXAMPLES, 'disagg.yaml') } });
    const r = await runCli(['dry-run', '-f', 'disagg.yaml', '--json'], cliEnv(dir, { extraVars: BUNDLE }));
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { sbatch_script: string; processes: { name: string; node: string; role: string; mode: string | null; index: number | null; argv: string[]; env: object; log_file: string }[] };
    expect(plan.sbatch_script).toMatch(/^#!\/bin\/bash\n#SBATCH --job-name=mock-disagg\n/);
    expect(plan.processes.map((p) => [p.name, p.role, p.node, p.mode, p.index])).toMatchInlineSnapshot(`
      [
        [
          "prefill_0_node-01",
          "worker",
          "node-01",
          "prefill",
          0,
        ],
        [
          "decode_0_node-02",
          "worker",
          "node-02",
          "decode",
          0,
        ],
        [
          "decode_1_node-03",
          "worker",
          "node-03",
          "decode",
          1,
        ],
        [
          "frontend_0",
          "frontend",
          "node-01",
          null,
          0,
        ],
        [
          "benchmark",
          "benchmark",
          "node-01",
          null,
          null,
        ],
      ]
    `);
    for (const p of plan.processes) {
      expect(p.argv.length).toBeGreaterThan(0);
      expect(p.log_file.startsWith(`${dir}/outputs/dry-run/logs/`)).toBe(true);
    }
  });

  it('shows the readiness budgets and where each came from: recipe, srtslurm.yaml, default', async () => {
    const dir = workdir({
      'agg.yaml': { copy: join(MOCK_EXAMPLES, 'agg.yaml') },
      'srtslurm.yaml': 'container_runtime: none\ndefault_health_check:\n  max_attempts: 720\n  head_services_timeout_seconds: 2400\n',
    });
    const text = await runCli(['dry-run', '-f', 'agg.yaml'], cliEnv(dir, { extraVars: BUNDLE }));
    expect(text.stdout.split('\n').find((l) => l.includes('Readiness budgets'))).toContain(
      'Readiness budgets: head services 2400 s (srtslurm.yaml), frontend 1200 s (default), workers 60 × 1 s = 60 s (recipe), benchmark unbounded (default)',
    );
    const json = await runCli(['dry-run', '-f', 'agg.yaml', '--json'], cliEnv(dir, { extraVars: BUNDLE }));
    const plan = JSON.parse(json.stdout) as { health_check: object; health: object };
    expect(plan.health_check).toStrictEqual({
      head_services_timeout_seconds: { value: 2400, source: 'srtslurm.yaml' },
      frontend_timeout_seconds: { value: 1200, source: 'default' },
      max_attempts: { value: 60, source: 'recipe' },
      interval_seconds: { value: 1, source: 'recipe' },
      benchmark_timeout_seconds: { value: null, source: 'default' },
    });
    expect(plan.health).toMatchObject({ timeoutMs: 60_000, headServicesTimeoutMs: 2_400_000, frontendTimeoutMs: 1_200_000 });
  });

  it('plans against the nodes given with --nodes', async () => {
    const dir = workdir({ 'disagg.yaml': { copy: join(MOCK_EXAMPLES, 'disagg.yaml') } });
    const r = await runCli(['dry-run', '-f', 'disagg.yaml', '--json', '--nodes', 'gpu-[01-03]'], cliEnv(dir, { extraVars: BUNDLE }));
    const plan = JSON.parse(r.stdout) as { processes: { node: string }[] };
    expect([...new Set(plan.processes.map((p) => p.node))].sort()).toStrictEqual(['gpu-01', 'gpu-02', 'gpu-03']);
  });

  it('fails at dry-run when --nodes has fewer nodes than the plan needs', async () => {
    const dir = workdir({ 'disagg.yaml': { copy: join(MOCK_EXAMPLES, 'disagg.yaml') } });
    const r = await runCli(['dry-run', '-f', 'disagg.yaml', '--nodes', 'gpu-[01-02]'], cliEnv(dir, { extraVars: BUNDLE }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatchInlineSnapshot(`
      "Warning: srtctl bundle not built yet (/opt/srtctl/dist/srtctl.mjs); apply needs it
      Error: Not enough nodes: need 3 nodes (1 prefill × 1 node + 2 decode × 1 node), allocation has 2. Raise resources.prefill_nodes/resources.decode_nodes so the job requests 3 nodes, lower the worker counts, or pass more nodes (e.g. \`srtctl dry-run --nodes n[1-3]\`).
      "
    `);
  });

  it('summarises a large sweep: 8 plans, 50 job lines, every job in jobs.txt instead of a folder per job (R4)', async () => {
    const values = Array.from({ length: 300 }, (_, i) => 64 + i).join(', ');
    const sweep = `name: big\nmodel: {path: /models/m, container: img, precision: fp8}\nresources: {gpu_type: h100, gpus_per_node: 8, prefill_nodes: 1, prefill_workers: 1, decode_nodes: 1, decode_workers: 1}\nbackend: {type: mock}\nbenchmark: {type: sa-bench, isl: 1024, osl: "{osl}", concurrencies: [4]}\nsweep:\n  osl: [${values}]\n`;
    const dir = workdir({ 'sweep.yaml': sweep });
    const r = await runCli(['dry-run', '-f', 'sweep.yaml', '--no-preflight'], cliEnv(dir, { extraVars: BUNDLE }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('\n  [58/300] big_osl121\n  … and 242 more jobs (every job, one per line: jobs.txt in the folder below)\n');
    expect(r.stdout).not.toContain('[59/300]');
    const folder = join(dir, 'dry-runs', 'big_sweep_20250102_030405');
    expect(readdirSync(folder).sort()).toStrictEqual(['jobs.txt', 'sweep_config.yaml']);
    const lines = readFileSync(join(folder, 'jobs.txt'), 'utf8').trim().split('\n');
    expect([lines.length, lines[299]]).toStrictEqual([300, '300\tbig_osl363\t{"osl":363}']);
  });

  it('prints the sweep table and writes the dry-runs folder of every job', async () => {
    const dir = workdir({ ...SPEC_EXAMPLE_FILES, 'sweep.yaml': { copy: join(SPEC_EXAMPLES, 'example-sweep.yaml') } });
    const r = await runCli(['dry-run', '-f', 'sweep.yaml'], cliEnv(dir, { extraVars: BUNDLE }));
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 7).join('\n')).toMatchInlineSnapshot(`
      "Sweep: example-sweep (4 jobs)
      #  Job Name                                                      Parameters
      ─  ────────────────────────────────────────────────────────────  ─────────────────────────────────────────────────
      1  example-sweep_chunked_prefill_size4096_max_total_tokens8192   chunked_prefill_size=4096, max_total_tokens=8192
      2  example-sweep_chunked_prefill_size4096_max_total_tokens16384  chunked_prefill_size=4096, max_total_tokens=16384
      3  example-sweep_chunked_prefill_size8192_max_total_tokens8192   chunked_prefill_size=8192, max_total_tokens=8192
      4  example-sweep_chunked_prefill_size8192_max_total_tokens16384  chunked_prefill_size=8192, max_total_tokens=16384"
    `);
    const folder = join(dir, 'dry-runs', 'example-sweep_sweep_20250102_030405');
    expect(readdirSync(folder).sort()).toStrictEqual([
      'job_001_example-sweep_chunked_prefill_size4096_max_total_tokens8192',
      'job_002_example-sweep_chunked_prefill_size4096_max_total_tokens16384',
      'job_003_example-sweep_chunked_prefill_size8192_max_total_tokens8192',
      'job_004_example-sweep_chunked_prefill_size8192_max_total_tokens16384',
      'sweep_config.yaml',
    ]);
    expect(readFileSync(join(folder, 'job_002_example-sweep_chunked_prefill_size4096_max_total_tokens16384', 'config.yaml'), 'utf8')).toContain(
      'max-total-tokens: "16384"',
    );
  });

  it('prints one JSON line per job of a sweep with --json', async () => {
    const dir = workdir({ ...SPEC_EXAMPLE_FILES, 'sweep.yaml': { copy: join(SPEC_EXAMPLES, 'example-sweep.yaml') } });
    const r = await runCli(['dry-run', '-f', 'sweep.yaml', '--json'], cliEnv(dir, { extraVars: BUNDLE }));
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { job_name: string; sweep_index: number });
    expect(lines.map((l) => [l.sweep_index, l.job_name])).toStrictEqual([
      [1, 'example-sweep_chunked_prefill_size4096_max_total_tokens8192'],
      [2, 'example-sweep_chunked_prefill_size4096_max_total_tokens16384'],
      [3, 'example-sweep_chunked_prefill_size8192_max_total_tokens8192'],
      [4, 'example-sweep_chunked_prefill_size8192_max_total_tokens16384'],
    ]);
  });
});
