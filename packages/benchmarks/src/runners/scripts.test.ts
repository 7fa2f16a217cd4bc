import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT, recipe, RUNTIME } from '../../test/fixtures.ts';
import { planBenchmark } from '../plan-benchmark.ts';

/** Stub programs that log their argv (one line each) and fake the files the real ones write. */
const STUBS: Record<string, string> = {
  python3: `echo "python3 $*" >> "$LOG"
case "$*" in *"-c import"*) exit "\${PY_IMPORT_EXIT:-0}";; esac
prev=""; for a in "$@"; do if [ "$prev" = "--eval-name" ]; then touch "$TMPDIR/\${a}_20250101.json" "$TMPDIR/\${a}_20250101.html"; fi; prev="$a"; done`,
  python: 'echo "python $*" >> "$LOG"',
  curl: 'echo "curl $*" >> "$LOG"',
  pip: 'echo "pip $*" >> "$LOG"',
  git: 'echo "git $*" >> "$LOG"; for a in "$@"; do last="$a"; done; mkdir -p "$last/benchmarks/router"',
};

async function sandbox(): Promise<{ dir: string; env: NodeJS.ProcessEnv; log: () => Promise<string[]> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-scripts-'));
  await mkdir(join(dir, 'bin'));
  await mkdir(join(dir, 'tmp'));
  for (const [name, body] of Object.entries(STUBS)) {
    await writeFile(join(dir, 'bin', name), `#!/bin/bash\n${body}\n`);
    await chmod(join(dir, 'bin', name), 0o755);
  }
  const env = { PATH: `${join(dir, 'bin')}:/usr/bin:/bin`, LOG: join(dir, 'log'), TMPDIR: join(dir, 'tmp') };
  return { dir, env, log: async () => (await readFile(join(dir, 'log'), 'utf8').catch(() => '')).trim().split('\n') };
}

async function run(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  const [cmd, ...args] = argv;
  return promisify(execFile)(cmd as string, args, { env, timeout: 20_000 }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code?: number; stdout?: string }) => ({ code: e.code ?? 1, out: e.stdout ?? '' }),
  );
}

describe('benchmark scripts', () => {
  it('mmlu runs sglang run_eval with the recipe model and copies the newest result into accuracy/', async () => {
    const sb = await sandbox();
    const runtime = { ...RUNTIME, workerPaths: { modelPath: '/model', logDir: sb.dir } };
    const p = planBenchmark(recipe({ benchmark: { type: 'mmlu', num_examples: 0 } }), runtime, DEPLOYMENT);
    const { code, out } = await run(p?.argv ?? [], { ...sb.env, ...Object.fromEntries(p?.env ?? []) });
    expect(code).toBe(0);
    expect(await sb.log()).toStrictEqual([
      'python3 -m sglang.test.run_eval --base-url http://10.0.0.1:8000 --model DeepSeek-R1 --eval-name mmlu --num-examples 0 --max-tokens 2048 --repeat 8 --num-threads 512',
    ]);
    expect(await readdir(join(sb.dir, 'accuracy'))).toStrictEqual(['mmlu_20250101.json']);
    expect(out.trim().split('\n').at(-1)).toBe('MMLU evaluation complete');
  });

  it('passes recipe values as data, never as shell code', async () => {
    const sb = await sandbox();
    const runtime = { ...RUNTIME, workerPaths: { modelPath: '/model', logDir: sb.dir } };
    const evil = '$(touch pwned); `touch pwned2` "quoted"';
    const config = recipe({ benchmark: { type: 'gpqa' }, backend: { type: 'sglang', sglang_config: { prefill: { 'served-model-name': evil } } } });
    const p = planBenchmark(config, runtime, DEPLOYMENT);
    await run(p?.argv ?? [], { ...sb.env });
    expect((await sb.log())[0]).toContain(`--model ${evil} --eval-name gpqa`);
    expect((await readdir(sb.dir)).filter((f) => f.startsWith('pwned'))).toStrictEqual([]);
  });

  it('longbenchv2 adds --num-examples and --categories only when set', async () => {
    const sb = await sandbox();
    const runtime = { ...RUNTIME, workerPaths: { modelPath: '/model', logDir: sb.dir } };
    await run(planBenchmark(recipe({ benchmark: { type: 'longbenchv2' } }), runtime, DEPLOYMENT)?.argv ?? [], sb.env);
    await run(planBenchmark(recipe({ benchmark: { type: 'longbenchv2', num_examples: 5, categories: ['x', 'y'] } }), runtime, DEPLOYMENT)?.argv ?? [], sb.env);
    const base = 'python3 -m sglang.test.run_eval --base-url http://10.0.0.1:8000 --model DeepSeek-R1 --eval-name longbench_v2 --max-tokens 16384 --max-context-length 128000 --num-threads 16';
    expect(await sb.log()).toStrictEqual([base, `${base} --num-examples 5 --categories x,y`]);
    expect((await readdir(join(sb.dir, 'accuracy'))).sort()).toStrictEqual(['longbench_v2_20250101.html', 'longbench_v2_20250101.json']);
  });

  it('router clones dynamo only when absent and passes the endpoint and each prefix ratio', async () => {
    const sb = await sandbox();
    const runtime = { ...RUNTIME, workerPaths: { modelPath: '/model', logDir: sb.dir } };
    const config = recipe({ benchmark: { type: 'router', prefix_ratios: [0.2, 0.8] }, frontend: { use_sglang_router: true } });
    const { code } = await run(planBenchmark(config, runtime, DEPLOYMENT)?.argv ?? [], { ...sb.env, PY_IMPORT_EXIT: '1' });
    expect(code).toBe(0);
    expect(await sb.log()).toStrictEqual([
      `git clone --depth 1 https://github.com/ai-dynamo/dynamo.git ${sb.dir}/tmp/dynamo`,
      'python3 -c import aiperf, matplotlib',
      'pip install aiperf matplotlib',
      `python prefix_ratio_benchmark.py --url http://10.0.0.1:8000 --prefix-ratios 0.2 0.8 --isl 14000 --osl 200 --requests 200 --concurrency 20 --output-dir ${sb.dir}/router-bench`,
    ]);
  });

  it('profiling starts each leader profiler on its real port, then drives traffic with our generator', async () => {
    const sb = await sandbox();
    const runtime = { ...RUNTIME, selfCommand: ['echo', 'GENERATOR'], logDir: sb.dir };
    const config = recipe({ profiling: { type: 'torch', isl: 64, osl: 8, concurrency: 4, prefill: { start_step: 5, stop_step: 15 }, decode: { start_step: 10, stop_step: 20 } } });
    const p = planBenchmark(config, runtime, DEPLOYMENT);
    const { code, out } = await run(p?.argv ?? [], { ...sb.env, ...Object.fromEntries(p?.env ?? []), PY_IMPORT_EXIT: '1' });
    expect(code).toBe(0);
    expect(await sb.log()).toStrictEqual([
      'curl -sS -X POST http://10.0.0.1:30000/start_profile -H Content-Type: application/json -d {"start_step": 5, "num_steps": 10, "activities": ["CPU", "GPU", "MEM"]}',
      'curl -sS -X POST http://10.0.0.2:30001/start_profile -H Content-Type: application/json -d {"start_step": 10, "num_steps": 10, "activities": ["CPU", "GPU", "MEM"]}',
      'python3 -c import lm_eval',
    ]);
    expect(out).toContain(
      `GENERATOR bench sa --url http://10.0.0.1:8000 --model DeepSeek-R1 --isl 64 --osl 8 --concurrency 4 --num-prompts 128 --range-ratio 1 --no-warmup --result-dir ${sb.dir}/profiling-traffic`,
    );
    expect(out).toContain('Profiling completed with exit code 0');
  });

  it('profiling fails without worker addresses', async () => {
    const sb = await sandbox();
    const config = recipe({ profiling: { type: 'nsys', isl: 64, osl: 8, concurrency: 4, prefill: {}, decode: {} } });
    const p = planBenchmark(config, { ...RUNTIME, logDir: sb.dir }, { ...DEPLOYMENT, workers: [] });
    const { code, out } = await run(p?.argv ?? [], { ...sb.env, ...Object.fromEntries(p?.env ?? []) });
    expect(code).toBe(1);
    expect(out).toContain('Error: No worker IPs provided for profiling');
  });
});
