// Issue 10, "hostile values stay data": every recipe field that reaches a shell, an #SBATCH line,
// an srun option, a generated config file or a file name either arrives byte for byte or is
// refused up front with its position. The plan comes from `srtctl dry-run --json`; each
// process's `bash -c` string (exactly what srun runs) and the batch script are then run by bash,
// with the programs they start replaced by shell functions (BASH_ENV) that record the argv and
// environment they receive.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { cliEnv, fakeSbatch, runCli, workdir } from './cli-harness.ts';

/**
 * Quotes of every kind, command substitutions, separators, globs, a tab and a newline (no `$NAME`:
 * paths expand environment variables on purpose, as the reference's `os.path.expandvars`).
 */
const hostile = (marker: string): string => `v'"$(touch ${marker})\`touch ${marker}\`;touch ${marker}|x&y<z>$$ $? \\ ~*?[ab]!%\t\n2nd line`;
/** Every script runs in the work dir, so a relative marker is enough (and fits in a file name). */
const MARKER = 'pwned';

type Doc = Record<string, unknown>;
const BASE: Doc = {
  name: 'hostile',
  model: { path: '/models/m', container: '/c/img.sqsh', precision: 'fp8' },
  resources: { gpu_type: 'h200', gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 },
  frontend: { type: 'dynamo', enable_multiple_frontends: false },
  benchmark: { type: 'sa-bench', isl: 100, osl: 100, concurrencies: [1, 2] },
};
const VLLM = { type: 'vllm', vllm_config: { prefill: { 'tensor-parallel-size': 8 }, decode: { 'data-parallel-size': 8 } } };
const TRT = { type: 'trtllm', trtllm_config: { prefill: { tensor_parallel_size: 8 }, decode: { tensor_parallel_size: 8 } } };
const SGL = { type: 'sglang', sglang_config: { prefill: { 'tensor-parallel-size': 8 }, decode: { 'tensor-parallel-size': 8 } } };
const AGG = { gpu_type: 'h200', gpus_per_node: 8, agg_nodes: 1, agg_workers: 1 };

/** Where the value must show up: a recorded argv/env of a program the scripts ran, the srun argv, a generated file, the batch script's config copy. */
type Sink = 'exec' | 'srun' | 'file' | 'snapshot';

interface Plan {
  readonly sbatch_script: string;
  readonly processes: readonly { readonly name: string; readonly argv: readonly string[]; readonly srun_argv: readonly string[] }[];
  readonly files: readonly { readonly path: string; readonly content: string }[];
  readonly runtime: { readonly selfCommand: readonly string[] };
}

interface Seen {
  readonly exec: string[];
  readonly srun: string[];
  readonly file: string[];
  readonly snapshot: string[];
}

/** Every string in a value, and in the JSON/YAML documents such strings hold (only those that can hold the value are parsed). */
function strings(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string') {
    out.push(x);
    if (x.includes(MARKER)) for (const parse of [(t: string): unknown => JSON.parse(t), (t: string): unknown => parseYaml(t)]) {
      try {
        const doc: unknown = parse(x);
        if (typeof doc === 'object' && doc !== null) strings(doc, out);
      } catch {
        // not a document
      }
    }
  } else if (Array.isArray(x)) {
    for (const v of x) strings(v, out);
  } else if (typeof x === 'object' && x !== null) {
    for (const [k, v] of Object.entries(x)) (out.push(k), strings(v, out));
  }
  return out;
}

/** The real tools the scripts use (`touch` included, so an injected `touch` would run). */
const TOOLS = ['bash', 'cat', 'date', 'env', 'flock', 'head', 'mkdir', 'tee', 'touch'];

/** Record separators of the probe's output. */
const SEP = { argv: '@@ARGV@@', env: '@@ENV@@', end: '@@END@@' } as const;

/** stdin from /dev/null: bash reads ~/.bashrc instead of BASH_ENV when its stdin is a socket (it takes that for rshd). */
const STDIO: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];

/** Runs every process's `bash -c` string and the batch script in `dir`, recording what the started programs receive. */
function execute(plan: Plan, dir: string): Seen {
  const out = join(dir, 'probe-calls');
  const programs = new Set([plan.runtime.selfCommand[0]!, ...plan.processes.map((p) => p.argv[0]!).filter((p) => p.includes('/') || p === 'bash')]);
  const bin = join(dir, 'probe-bin');
  mkdirSync(bin);
  for (const tool of TOOLS) symlinkSync(execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
  const prelude = [
    // One record per call: @@ARGV@@, the words, @@ENV@@, `env -0` (what a child would get), @@END@@; NUL-separated.
    `__probe() { { printf '%s\\0' ${SEP.argv} "$@" ${SEP.env}; env -0; printf '%s\\0' ${SEP.end}; } >> "$PROBE_OUT"; }`,
    // `python3 -c` finds the install lock directory; anything else is a program to record.
    'python3() { if [ "$1" = -c ]; then echo "$PROBE_DIR"; else __probe python3 "$@"; fi; }',
    ...[...programs].map((p) => `${p}() { __probe ${p} "$@"; }`),
    'command_not_found_handle() { __probe "$@"; }',
  ];
  const bashEnv = join(dir, 'probe-env.sh');
  writeFileSync(bashEnv, `${prelude.join('\n')}\n`);
  writeFileSync(join(bin, 'scontrol'), '#!/bin/sh\necho node-01\n', { mode: 0o755 });
  const env = { PATH: bin, HOME: dir, BASH_ENV: bashEnv, PROBE_OUT: out, PROBE_DIR: dir };
  const srun: string[] = [];
  for (const p of plan.processes) {
    const i = p.srun_argv.findIndex((w, j) => w === 'bash' && p.srun_argv[j + 1] === '-c');
    srun.push(...p.srun_argv.slice(0, i < 0 ? undefined : i));
    // A script that does not hold the value's `touch pwned` can neither run it nor pass it on.
    if (i < 0 || !p.srun_argv[i + 2]!.includes(`touch ${MARKER}`)) continue;
    const r = spawnSync('/bin/bash', ['-c', p.srun_argv[i + 2]!], { cwd: dir, env, stdio: STDIO, encoding: 'utf8', timeout: 20_000 });
    expect(r.status, `${p.name}: ${r.stderr} ${String(r.error)}`).toBe(0);
  }
  const job = spawnSync('/bin/bash', ['-c', plan.sbatch_script], { cwd: dir, env: { ...env, SLURM_JOB_ID: '7', SLURM_NODELIST: 'node-01', SLURM_JOB_NUM_NODES: '2' }, stdio: STDIO, encoding: 'utf8', timeout: 20_000 });
  expect(job.status, job.stdout).toBe(0);
  const calls = existsSync(out) ? readFileSync(out, 'utf8').split('\0') : [];
  return {
    // Each argv word, and each environment entry as `NAME=value` and as its value.
    exec: strings(calls.filter((w) => !(Object.values(SEP) as string[]).includes(w)).flatMap((w) => [w, w.slice(w.indexOf('=') + 1)])),
    srun,
    file: strings(plan.files.map((f) => f.content)),
    snapshot: strings(readFileSync(join(dir, 'outputs/7/config.yaml'), 'utf8')),
  };
}

/** A work dir with the recipe, a bundle file the batch script finds, and optionally a cluster file. */
function setup(doc: (v: string) => Doc, files: Readonly<Record<string, string>> = {}): { dir: string; value: string; marker: string } {
  const dir = workdir({ 'bundle/srtctl.mjs': '', ...files });
  const value = hostile(MARKER);
  writeFileSync(join(dir, 'r.yaml'), stringify(doc(value)));
  return { dir, value, marker: join(dir, MARKER) };
}

const dryRun = (dir: string, extra: readonly string[] = []) =>
  runCli(['dry-run', '-f', 'r.yaml', '--json', '--no-preflight', ...extra], cliEnv(dir, { extraVars: { SRTCTL_BUNDLE: join(dir, 'bundle/srtctl.mjs') } }));

const ARRIVES: readonly (readonly [string, Sink, (v: string) => Doc])[] = [
  ['vLLM engine option value', 'exec', (v) => ({ ...BASE, backend: { ...VLLM, vllm_config: { prefill: { 'tensor-parallel-size': 8, 'x-opt': v }, decode: {} } } })],
  ['vLLM engine option name', 'exec', (v) => ({ ...BASE, backend: { ...VLLM, vllm_config: { prefill: { 'tensor-parallel-size': 8, [v]: 1 }, decode: {} } } })],
  ['vLLM engine option map (JSON value)', 'exec', (v) => ({ ...BASE, backend: { ...VLLM, vllm_config: { prefill: { 'tensor-parallel-size': 8, 'kv-x': { a: v } }, decode: {} } } })],
  ['vLLM per_gpu launch with an option value', 'exec', (v) => ({ ...BASE, backend: { ...VLLM, dp_launch_mode: 'per_gpu', vllm_config: { prefill: { 'tensor-parallel-size': 8 }, decode: { 'data-parallel-size': 8, 'x-opt': v } } } })],
  ['vLLM backend environment value', 'exec', (v) => ({ ...BASE, backend: { ...VLLM, prefill_environment: { A: v } } })],
  ['vLLM option of a direct `vllm serve` (frontend.type vllm)', 'exec', (v) => ({ ...BASE, resources: AGG, backend: { type: 'vllm', vllm_config: { aggregated: { x: v } } }, frontend: { type: 'vllm', enable_multiple_frontends: false } })],
  ['TRT-LLM engine config value', 'file', (v) => ({ ...BASE, backend: { ...TRT, trtllm_config: { prefill: { tensor_parallel_size: 8, x: v }, decode: {} } } })],
  ['TRT-LLM engine config key', 'file', (v) => ({ ...BASE, backend: { ...TRT, trtllm_config: { prefill: { tensor_parallel_size: 8, [v]: 1 }, decode: {} } } })],
  ['TRT-LLM served_model_name', 'exec', (v) => ({ ...BASE, backend: { ...TRT, served_model_name: v } })],
  ['trtllm_serve server config (server_config_extra, ctx_router)', 'file', (v) => ({ ...BASE, backend: TRT, frontend: { type: 'trtllm_serve', enable_multiple_frontends: false, server_config_extra: { x: v }, ctx_router: { type: v } } })],
  ['trtllm_serve args', 'exec', (v) => ({ ...BASE, backend: TRT, frontend: { type: 'trtllm_serve', enable_multiple_frontends: false, args: { x: v } } })],
  ['SGLang engine option value', 'exec', (v) => ({ ...BASE, backend: { ...SGL, sglang_config: { prefill: { 'tensor-parallel-size': 8, x: v }, decode: {} } } })],
  ['SGLang engine option name', 'exec', (v) => ({ ...BASE, backend: { ...SGL, sglang_config: { prefill: { 'tensor-parallel-size': 8, [v]: 1 }, decode: {} } } })],
  ['SGLang router args (frontend.type sglang)', 'exec', (v) => ({ ...BASE, backend: SGL, frontend: { type: 'sglang', enable_multiple_frontends: false, args: { x: v } } })],
  ['Dynamo frontend args value', 'exec', (v) => ({ ...BASE, backend: VLLM, frontend: { type: 'dynamo', enable_multiple_frontends: false, args: { x: v } } })],
  ['Dynamo frontend args name', 'exec', (v) => ({ ...BASE, backend: VLLM, frontend: { type: 'dynamo', enable_multiple_frontends: false, args: { [v]: 1 } } })],
  ['frontend.env value', 'exec', (v) => ({ ...BASE, backend: VLLM, frontend: { type: 'dynamo', enable_multiple_frontends: false, env: { A: v } } })],
  ['environment value', 'exec', (v) => ({ ...BASE, backend: VLLM, environment: { A: v } })],
  ['hf: model name', 'exec', (v) => ({ ...BASE, backend: VLLM, model: { path: `hf:org/${v}`, container: '/c/img.sqsh', precision: 'fp8' } })],
  ['model path', 'srun', (v) => ({ ...BASE, backend: VLLM, model: { path: `/m/${v}`, container: '/c/img.sqsh', precision: 'fp8' } })],
  ['container image', 'srun', (v) => ({ ...BASE, backend: VLLM, model: { path: '/m/x', container: `/c/${v}`, precision: 'fp8' } })],
  ['extra_mount with ":" in the container part', 'srun', (v) => ({ ...BASE, backend: VLLM, extra_mount: [`/h/${v}:/x:ro`] })],
  ['srun_options value', 'srun', (v) => ({ ...BASE, backend: VLLM, srun_options: { mpi: v } })],
  ['benchmark.type custom: command, env value, container_image', 'exec', (v) => ({ ...BASE, backend: VLLM, benchmark: { type: 'custom', command: v, env: { A: v }, container_image: `/c/${v}` } })],
  ['benchmark list (custom after sa-bench)', 'exec', (v) => ({ ...BASE, backend: VLLM, benchmark: [{ type: 'sa-bench', isl: 1, osl: 1, concurrencies: [1] }, { type: 'custom', command: 'true', env: { A: v } }] })],
  ['benchmark categories (longbenchv2)', 'exec', (v) => ({ ...BASE, backend: SGL, benchmark: { type: 'longbenchv2', categories: [v] } })],
  ['a comment in the config copy', 'snapshot', (v) => ({ ...BASE, backend: VLLM, environment: { NOTE: `${v}\nSRTCTL_CONFIG_EOF` } })],
];

describe('hostile recipe values arrive byte for byte (executed through bash)', () => {
  it.each(ARRIVES)('%s', async (_field, sink, doc) => {
    const { dir, value, marker } = setup(doc);
    const r = await dryRun(dir);
    expect(r.code, r.stderr).toBe(0);
    const seen = execute(JSON.parse(r.stdout) as Plan, dir);
    expect(existsSync(marker), 'a hostile value ran as shell').toBe(false);
    expect(seen[sink].some((s) => s.includes(value)), `not found in ${sink}`).toBe(true);
  });

  it('a setup script name runs that very file (container_runtime: none, scripts under <srtctl_root>/configs)', async () => {
    const cluster = (dir: string): string => `container_runtime: none\nsrtctl_root: ${dir}\ndefault_account: a\ndefault_partition: p\n`;
    const dir = workdir({ 'bundle/srtctl.mjs': '' });
    const marker = join(dir, MARKER);
    const name = `${hostile(MARKER).replaceAll('\n', ' ')}.sh`;
    mkdirSync(join(dir, 'configs'));
    writeFileSync(join(dir, 'configs', name), `echo ran >> ${join(dir, 'setup-ran')}\n`);
    writeFileSync(join(dir, 'srtslurm.yaml'), cluster(dir));
    writeFileSync(join(dir, 'r.yaml'), stringify({ ...BASE, backend: VLLM, setup_script: name }));
    const r = await dryRun(dir);
    expect(r.code, r.stderr).toBe(0);
    execute(JSON.parse(r.stdout) as Plan, dir);
    expect(existsSync(marker)).toBe(false);
    // The two workers and the frontend each ran it.
    expect(readFileSync(join(dir, 'setup-ran'), 'utf8')).toBe('ran\nran\nran\n');
  });

  it('--set values and a sweep parameter arrive like recipe values', async () => {
    const { dir, value, marker } = setup(() => ({ ...BASE, backend: VLLM, environment: { S: '{p}' }, sweep: { p: ['a', 'b'] } }));
    const r = await dryRun(dir, ['--set', `environment.B=${JSON.stringify(value)}`]);
    expect(r.code, r.stderr).toBe(0);
    const plans = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Plan);
    expect(plans).toHaveLength(2);
    const seen = execute(plans[0]!, dir);
    expect(existsSync(marker)).toBe(false);
    expect(seen.exec).toContain(value);
  });

  it('--tags are recorded in the job metadata as written', async () => {
    const { dir, value } = setup(() => ({ ...BASE, backend: VLLM }));
    const tag = value.replaceAll('\n', ' ').replaceAll(',', ';');
    const sbatch = fakeSbatch();
    const r = await runCli(['apply', '-f', 'r.yaml', '--no-preflight', '--tags', `${tag},second`], cliEnv(dir, { exec: sbatch.exec, extraVars: { SRTCTL_BUNDLE: join(dir, 'bundle/srtctl.mjs') } }));
    expect(r.code, r.stderr).toBe(0);
    expect(sbatch.calls[0]!.argv).toStrictEqual(['sbatch']);
    const files = readdirSync(join(dir, 'outputs/12345'), { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
    const tagged = files.map((f) => JSON.parse(readFileSync(join(dir, 'outputs/12345', f), 'utf8')) as { tags?: string[] }).find((m) => m.tags !== undefined);
    expect(tagged?.tags).toStrictEqual([tag.trim(), 'second']);
  });
});

/** Values that cannot be quoted where they go: refused with `r.yaml:<line>:<col> <path>`. */
const REFUSED: readonly (readonly [string, string, (v: string) => Doc])[] = [
  ['environment key', 'environment.', (v) => ({ ...BASE, backend: VLLM, environment: { [v]: '1' } })],
  ['backend environment key', 'backend.prefill_environment.', (v) => ({ ...BASE, backend: { ...VLLM, prefill_environment: { [v]: '1' } } })],
  ['frontend.env key', 'frontend.env.', (v) => ({ ...BASE, backend: VLLM, frontend: { type: 'dynamo', enable_multiple_frontends: false, env: { [v]: '1' } } })],
  ['custom benchmark env key', 'benchmark.env.', (v) => ({ ...BASE, backend: VLLM, benchmark: { type: 'custom', command: 'true', env: { [v]: '1' } } })],
  ['env key of a listed benchmark', 'benchmarks.1.env.', (v) => ({ ...BASE, backend: VLLM, benchmark: undefined, benchmarks: [{ type: 'manual' }, { type: 'custom', command: 'true', env: { [v]: '1' } }] })],
  ['slurm.account', 'slurm.account', (v) => ({ ...BASE, backend: VLLM, slurm: { account: v } })],
  ['slurm.partition', 'slurm.partition', (v) => ({ ...BASE, backend: VLLM, slurm: { partition: v } })],
  ['slurm.time_limit', 'slurm.time_limit', (v) => ({ ...BASE, backend: VLLM, slurm: { time_limit: v } })],
  ['sbatch_directives key', 'sbatch_directives.', (v) => ({ ...BASE, backend: VLLM, sbatch_directives: { [v]: 'x' } })],
  ['sbatch_directives value', 'sbatch_directives.comment', (v) => ({ ...BASE, backend: VLLM, sbatch_directives: { comment: v } })],
  ['srun_options key', 'srun_options.', (v) => ({ ...BASE, backend: VLLM, srun_options: { [v]: 'x' } })],
  ['container_mounts host with ":"', 'container_mounts./h:x', () => ({ ...BASE, backend: VLLM, container_mounts: { '/h:x': '/x' } })],
  ['container_mounts with ","', 'container_mounts./h', (v) => ({ ...BASE, backend: VLLM, container_mounts: { '/h': `/x/${v},/etc:/y` } })],
  ['extra_mount with ","', 'extra_mount.0', () => ({ ...BASE, backend: VLLM, extra_mount: ['/h:/x,/etc:/y'] })],
  ['dynamo.version', 'dynamo.version', (v) => ({ ...BASE, backend: VLLM, dynamo: { version: v } })],
  ['dynamo.hash', 'dynamo.hash', (v) => ({ ...BASE, backend: VLLM, dynamo: { hash: v } })],
  ['dynamo.wheel', 'dynamo.wheel', (v) => ({ ...BASE, backend: VLLM, dynamo: { wheel: v } })],
  ['vLLM dp_launch_mode', 'backend.dp_launch_mode', (v) => ({ ...BASE, backend: { ...VLLM, dp_launch_mode: v } })],
  ['frontend.type', 'frontend.type', (v) => ({ ...BASE, backend: VLLM, frontend: { type: v } })],
];

describe('hostile values that cannot be data are refused with their position', () => {
  it.each(REFUSED)('%s', async (_field, path, doc) => {
    const { dir, marker } = setup(doc);
    const r = await dryRun(dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`r\\.yaml:\\d+:\\d+ ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(existsSync(marker)).toBe(false);
  });

  it.each([
    ['the job name', (v: string) => ({ ...BASE, backend: VLLM, name: v })],
    ['a job name a sweep makes', () => ({ ...BASE, backend: VLLM, name: 'j', sweep: { p: ['ok', 'a b'] } })],
  ])('%s, refused before anything is submitted (the name is made per job, so the message names the field)', async (_what, doc) => {
    const { dir, marker } = setup(doc);
    const r = await dryRun(dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^Error: name ".*" cannot go into an #SBATCH line/);
    expect(existsSync(marker)).toBe(false);
  });

  it('an override_ suffix that would leave the directory or break the job name', async () => {
    const dir = workdir({ 'v.yaml': stringify({ base: { ...BASE, backend: VLLM }, 'override_../../x': {}, 'override_a b': {} }) });
    for (const command of [['dry-run', '--json', '--no-preflight'], ['resolve-override']]) {
      const r = await runCli([...command, '-f', 'v.yaml'], cliEnv(dir, { extraVars: { SRTCTL_BUNDLE: '/opt/srtctl/dist/srtctl.mjs' } }));
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/v\.yaml:\d+:\d+ override_\.\.\/\.\.\/x: the suffix after override_/);
      expect(r.stderr).toMatch(/v\.yaml:\d+:\d+ override_a b: /);
    }
    expect(readdirSync(dir)).toStrictEqual(['v.yaml']);
  });

  it('a --set path naming a hostile environment key', async () => {
    const { dir, value } = setup(() => ({ ...BASE, backend: VLLM }));
    const r = await dryRun(dir, ['--set', `environment.${JSON.stringify(value.replaceAll('\n', ' '))}="1"`]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('is not an environment variable name');
  });
});
