import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, MOCK_EXAMPLES, runCli, scrub, SPEC_EXAMPLE_FILES, SPEC_EXAMPLES, workdir } from './cli-harness.ts';

describe('srtctl validate', () => {
  it('prints one ✓ line with the deployment shape for a valid recipe', async () => {
    const dir = workdir({ 'disagg.yaml': { copy: join(MOCK_EXAMPLES, 'disagg.yaml') } });
    const r = await runCli(['validate', '-f', 'disagg.yaml'], cliEnv(dir));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatchInlineSnapshot(`
      "✓ disagg.yaml: valid (mock-disagg: 1P×4 + 2D×4 GPUs on 3 nodes, backend mock, benchmark sa-bench)
      "
    `);
  });

  it('validates every job of a sweep file', async () => {
    const dir = workdir({ ...SPEC_EXAMPLE_FILES, 'sweep.yaml': { copy: join(SPEC_EXAMPLES, 'example-sweep.yaml') } });
    const r = await runCli(['validate', '-f', 'sweep.yaml'], cliEnv(dir));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "✓ sweep.yaml: valid sweep of 4 jobs
        example-sweep_chunked_prefill_size4096_max_total_tokens8192: 1P×4 + 4D×4 GPUs on 5 nodes, backend sglang, benchmark sa-bench
        example-sweep_chunked_prefill_size4096_max_total_tokens16384: 1P×4 + 4D×4 GPUs on 5 nodes, backend sglang, benchmark sa-bench
        example-sweep_chunked_prefill_size8192_max_total_tokens8192: 1P×4 + 4D×4 GPUs on 5 nodes, backend sglang, benchmark sa-bench
        example-sweep_chunked_prefill_size8192_max_total_tokens16384: 1P×4 + 4D×4 GPUs on 5 nodes, backend sglang, benchmark sa-bench
      "
    `);
  });

  it('lists every problem as file:line:col path: message and exits 1', async () => {
    const dir = workdir({
      'bad.yaml': ['name: bad', 'model: {path: /m, container: c, precision: fp8}', 'resources:', '  gpu_type: h100', '  gpus_per_nod: 8', '  prefill_nodes: x', 'benchmark: {type: sa-bench}', ''].join('\n'),
    });
    const r = await runCli(['validate', '-f', 'bad.yaml'], cliEnv(dir));
    expect(r.code).toBe(1);
    expect(scrub(r.stderr, dir)).toMatchInlineSnapshot(`
      "Error: bad.yaml has 2 problems
      bad.yaml:5:3 resources.gpus_per_nod: unknown key; did you mean \`gpus_per_node\`?
      bad.yaml:6:18 resources.prefill_nodes: expected a whole number (for example 8), got the string "x"
      "
    `);
  });

  it('reports benchmark settings the runner cannot use', async () => {
    const dir = workdir();
    writeFileSync(
      join(dir, 'bench.yaml'),
      ['name: bench', 'model: {path: /m, container: c, precision: fp8}', 'resources:', '  gpu_type: h100', '  gpus_per_node: 8', '  agg_nodes: 1', '  agg_workers: 1', 'backend: {type: mock}', 'benchmark: {type: sa-bench}', ''].join('\n'),
    );
    const r = await runCli(['validate', '-f', 'bench.yaml'], cliEnv(dir));
    expect(r.code).toBe(1);
    expect(scrub(r.stderr, dir)).toMatchInlineSnapshot(`
      "Error: bench.yaml is not valid
      bench.yaml:9:1 benchmark.isl: required for sa-bench
      bench.yaml:9:1 benchmark.osl: required for sa-bench
      bench.yaml:9:1 benchmark.concurrencies: required for sa-bench
      "
    `);
  });

  it('says Config not found for a missing file and exits 1', async () => {
    const dir = workdir();
    const r = await runCli(['validate', '-f', 'nope.yaml'], cliEnv(dir));
    expect([r.code, scrub(r.stderr, dir)]).toStrictEqual([1, 'Error: Config not found: nope.yaml (looked for <root>/nope.yaml)\n']);
  });
});
