import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReportRuns } from './read-report-runs.ts';

/** A result file as the Python client writes it: p99 only, no `failed` key. */
const pythonResult = (c: number) => ({
  date: '20250101-000000', backend: 'dynamo', model_id: 'm', tokenizer_id: '/model/', best_of: 1, num_prompts: 5 * c,
  request_rate: 'inf', burstiness: 1.0, max_concurrency: c, duration: 10, completed: 5 * c - 1, total_input_tokens: 1, total_output_tokens: 2,
  request_throughput: c / 2, 'request_goodput:': null, output_throughput: 100 * c, total_token_throughput: 1,
  mean_ttft_ms: 10, median_ttft_ms: 9, std_ttft_ms: 1, p99_ttft_ms: 20, mean_tpot_ms: 5, median_tpot_ms: 5, std_tpot_ms: 0, p99_tpot_ms: 6,
  mean_itl_ms: 5, median_itl_ms: 5, std_itl_ms: 0, p99_itl_ms: 7, mean_e2el_ms: 100, median_e2el_ms: 99, std_e2el_ms: 1, p99_e2el_ms: 120,
});

describe('readReportRuns', () => {
  it('finds result files under a job output directory and reads its recipe and metadata', async () => {
    const root = await mkdtemp(join(tmpdir(), 'runs-'));
    const job = join(root, 'outputs', '42');
    const results = join(job, 'logs', 'sa-bench_isl_1024_osl_128');
    await mkdir(results, { recursive: true });
    await writeFile(join(job, 'config.yaml'), 'name: from-yaml\nmodel: { path: /m, container: c, precision: fp8 }\nresources: { gpu_type: h100, gpus_per_node: 4, agg_nodes: 2, agg_workers: 2 }\n');
    await writeFile(join(job, '42.json'), JSON.stringify({ job_name: 'from-metadata', tags: ['fp8'] }));
    for (const c of [64, 8]) await writeFile(join(results, `isl_1024_osl_128_concurrency_${c}_req_rate_inf.json`), JSON.stringify(pythonResult(c)));
    await writeFile(join(results, 'unrelated.json'), '{}');
    const [run, ...rest] = await readReportRuns([root]);
    expect(rest).toStrictEqual([]);
    expect({ ...run, recipe: run?.recipe?.split('\n')[0] }).toStrictEqual({
      label: 'from-metadata (42)', jobId: '42', dir: results, isl: 1024, osl: 128, gpus: 8, recipe: 'name: from-yaml', tags: ['fp8'],
      points: [8, 64].map((c) => ({
        concurrency: c, completed: 5 * c - 1, failed: 1, requestThroughput: c / 2, outputThroughput: 100 * c,
        ttft: { mean: 10, p50: 9, p99: 20 }, tpot: { mean: 5, p50: 5, p99: 6 }, itl: { mean: 5, p50: 5, p99: 7 }, e2el: { mean: 100, p50: 99, p99: 120 },
        clientOverloaded: false,
      })),
    });
  });

  it.each([
    ['name: plain\n', 'plain (7)'],
    ["name: 'quoted'  # a comment\n", 'quoted (7)'],
    ['model: {path: /m}\n', '7'],
  ])('labels a job without metadata by the name in its config.yaml (%j)', async (yaml, label) => {
    const root = await mkdtemp(join(tmpdir(), 'runs-'));
    const results = join(root, '7', 'logs', 'sa-bench_isl_1_osl_1');
    await mkdir(results, { recursive: true });
    await writeFile(join(root, '7', 'config.yaml'), yaml);
    await writeFile(join(results, 'isl_1_osl_1_concurrency_1_req_rate_inf.json'), JSON.stringify(pythonResult(1)));
    expect((await readReportRuns([root])).map((r) => r.label)).toStrictEqual([label]);
  });

  it.each([
    ['{"completed": 3', 'is not valid JSON'],
    ['[1, 2]', 'is not a JSON object'],
    ['{"completed": 3, "output_throughput": 1, "median_ttft_ms": 1}', 'has no numeric "median_itl_ms"'],
  ])('fails naming a malformed result file (%j)', async (text, what) => {
    const root = await mkdtemp(join(tmpdir(), 'runs-'));
    const file = join(root, 'isl_1_osl_1_concurrency_2_req_rate_inf.json');
    await writeFile(file, text);
    await expect(readReportRuns([root])).rejects.toMatchObject({ code: 'SRT_RESULT_INVALID', message: expect.stringContaining(`${file} ${what}`) });
  });

  it('marks the points the rollup found invalid and names a job directory without a recipe', async () => {
    const root = await mkdtemp(join(tmpdir(), 'runs-'));
    const results = join(root, '9', 'logs', 'sa-bench_isl_1_osl_1');
    await mkdir(results, { recursive: true });
    for (const c of [1, 2]) await writeFile(join(results, `isl_1_osl_1_concurrency_${c}_req_rate_inf.json`), JSON.stringify(pythonResult(c)));
    await writeFile(join(results, 'benchmark-rollup.json'), JSON.stringify({ valid: false, reason: 'x', runs: [{ concurrency: 1, valid: true }, { concurrency: 2, valid: false, reason: '1 of 10 requests failed' }] }));
    const [run] = await readReportRuns([root]);
    expect(run?.label).toBe('9');
    expect(run?.points.map((p) => [p.valid, p.invalidReason])).toStrictEqual([[true, undefined], [false, '1 of 10 requests failed']]);
  });

  it('says what to pass when nothing is found', async () => {
    const root = await mkdtemp(join(tmpdir(), 'runs-'));
    await expect(readReportRuns([root])).rejects.toMatchObject({ code: 'SRT_USAGE' });
    await expect(readReportRuns([join(root, 'missing')])).rejects.toMatchObject({ code: 'SRT_USAGE' });
  });

  it.each([
    ['truncated JSON', '{"completed": 4', /is not valid JSON \(.*\): delete or regenerate it/],
    ['an array', '[1, 2]', /is not a JSON object: delete or regenerate it/],
  ])('names a result file that holds %s instead of skipping it', async (_what, text, message) => {
    const root = await mkdtemp(join(tmpdir(), 'runs-'));
    const file = join(root, 'isl_1_osl_1_concurrency_2_req_rate_inf.json');
    await writeFile(join(root, 'isl_1_osl_1_concurrency_1_req_rate_inf.json'), JSON.stringify(pythonResult(1)));
    await writeFile(file, text);
    const e = await readReportRuns([root]).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'SRT_RESULT_INVALID' });
    expect((e as Error).message.startsWith(`Result file ${file} is not`)).toBe(true);
    expect((e as Error).message).toMatch(message);
  });
});
