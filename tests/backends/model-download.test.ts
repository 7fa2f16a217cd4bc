/**
 * The `hf:` model pre-download step (engines.md §7): where it sits in the plan, its srun line and
 * environment (E18), the warnings and errors around `HF_HOME`, and the step's script itself run
 * against the test suite's fake `hf` CLI (tests/e2e/support/fake-hf).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendSchemas, buildProcessSrunCommand, MODEL_DOWNLOAD_SCRIPT, planDeployment, renderContainerMounts } from '@srt/backends';
import { createRuntimeContext, parseConfig, type RuntimeContext, type SrtConfig } from '@srt/core';
import { afterAll, describe, expect, it } from 'vitest';

const RECIPE = readFileSync(join(import.meta.dirname, 'engine-recipes', 'vllm-1p1d-dynamo.yaml'), 'utf8');
const FAKE_HF = join(import.meta.dirname, '..', 'e2e', 'support', 'fake-hf', 'hf');

/** engines.md §8.1 with an `hf:` model and `extra` top-level keys. */
function load(extra: string, model = 'hf:Qwen/Qwen3-32B'): SrtConfig {
  const text = `${RECIPE.replace('path: /models/Qwen3-32B', `path: ${model}`)}${extra}`;
  return parseConfig(text, { source: 'hf.yaml', backends: backendSchemas }).config;
}

function runtimeFor(config: SrtConfig, containerRuntime: 'pyxis' | 'none' = 'pyxis'): RuntimeContext {
  const nodes = ['gpu-01', 'gpu-02'];
  return createRuntimeContext(
    config,
    { jobId: '12345', nodes, nodeAddrs: new Map(nodes.map((n, i) => [n, `10.0.0.${i + 1}`])) },
    { cwd: '/cwd', vars: {}, selfCommand: ['node', '/SRC/srtctl.mjs'], srtctlRoot: '/SRC', configsDir: '/SRC/configs', cluster: { container_runtime: containerRuntime } as never },
  );
}

describe('planDeployment with an hf: model', () => {
  it('runs one model_download step on the first worker node between the head services and the workers', () => {
    const config = load('environment: {HF_HOME: /hf-cache}\nextra_mount: ["/shared/hf:/hf-cache"]\n');
    const runtime = runtimeFor(config);
    const plan = planDeployment(config, runtime);
    expect(plan.processes.map((p) => p.name)).toStrictEqual(['nats', 'etcd', 'model_download', 'prefill_0_gpu-01', 'decode_0_gpu-02', 'frontend_0']);
    const step = plan.processes[2]!;
    expect(step).toMatchObject({ role: 'download', node: 'gpu-01', critical: true, container: true, runsToCompletion: { timeoutMs: 3_600_000 } });
    expect(plan.warnings).toStrictEqual([]);
    // No /model mount for an hf: model (engines.md §7); the cache is the recipe's mount.
    expect(runtime.containerMounts.map((m) => m.container)).not.toContain('/model');
    const mounts = renderContainerMounts(runtime.containerMounts);
    expect(buildProcessSrunCommand(step, runtime)).toStrictEqual([
      'srun', '--jobid', '12345', '--overlap', '--nodes', '1', '--ntasks', '1', '--nodelist', 'gpu-01', '--output', '/cwd/outputs/12345/logs/model_download.out',
      '--container-image', '/c/vllm.sqsh', '--no-container-entrypoint', '--no-container-mount-home', '--container-mounts', mounts,
      'bash', '-c', `export HF_HOME=/hf-cache && bash -c '${MODEL_DOWNLOAD_SCRIPT.replaceAll("'", `'"'"'`)}' model_download Qwen/Qwen3-32B`,
    ]);
    // Workers get the repository id as their model.
    expect(plan.processes[3]!.argv.slice(0, 5)).toStrictEqual(['python3', '-m', 'dynamo.vllm', '--model', 'Qwen/Qwen3-32B']);
  });

  it("passes the recipe's other HF_* variables (E18), never HF_HUB_OFFLINE; a mode's HF_HOME counts too", () => {
    const config = load('extra_mount: ["/shared/hf:/hf"]\n'.concat('environment: {HF_ENDPOINT: "https://mirror.example", HF_HUB_OFFLINE: "1"}\n'));
    const withModeEnv = { ...config, backend: { ...config.backend, prefill_environment: { HF_HOME: '/hf', HF_TOKEN: 'hf_x', VLLM_LOG: '1' } } } as SrtConfig;
    const step = planDeployment(withModeEnv, runtimeFor(withModeEnv)).processes.find((p) => p.name === 'model_download');
    expect(step?.env).toStrictEqual([['HF_HOME', '/hf'], ['HF_TOKEN', 'hf_x'], ['HF_ENDPOINT', 'https://mirror.example']]);
  });

  it('has no step for a model folder, and only a warning for an hf: model without HF_HOME', () => {
    const local = load('', '/models/Qwen3-32B');
    expect(planDeployment(local, runtimeFor(local)).processes.map((p) => p.role)).not.toContain('download');
    const config = load('');
    const plan = planDeployment(config, runtimeFor(config));
    expect(plan.processes.map((p) => p.role)).not.toContain('download');
    expect(plan.warnings).toStrictEqual([expect.stringMatching(/^model\.path is hf:Qwen\/Qwen3-32B and no HF_HOME is set: every worker downloads the model on its own/)]);
  });

  it('warns under pyxis when HF_HOME is not inside any container mount; not without containers', () => {
    const config = load('environment: {HF_HOME: /hf-cache}\n');
    expect(planDeployment(config, runtimeFor(config)).warnings).toStrictEqual([
      'HF_HOME=/hf-cache is not inside any container mount: the model the pre-download step writes there vanishes with its container and the workers do not see it; mount a directory every node shares there (extra_mount: ["/shared/hf-cache:/hf-cache"])',
    ]);
    const bare = runtimeFor(config, 'none');
    const plan = planDeployment(config, bare);
    expect(plan.warnings).toStrictEqual([]);
    expect(buildProcessSrunCommand(plan.processes.find((p) => p.name === 'model_download')!, bare)).not.toContain('--container-image');
  });

  it('rejects two different HF_HOME values (one step fills one cache)', () => {
    const config = load('');
    const split = { ...config, backend: { ...config.backend, prefill_environment: { HF_HOME: '/a' }, decode_environment: { HF_HOME: '/b' } } } as SrtConfig;
    expect(() => planDeployment(split, runtimeFor(split))).toThrow(
      'HF_HOME differs between worker modes (backend.prefill_environment: /a, backend.decode_environment: /b): the hf: model is pre-downloaded once into one cache; set one HF_HOME in the recipe\'s environment',
    );
  });

  it('applies to SGLang too (all backends)', () => {
    const config = parseConfig(
      'name: s\nmodel: {path: "hf:Qwen/Qwen3-0.6B", container: /c/s.sqsh, precision: bf16}\nresources: {gpu_type: h100, gpus_per_node: 4, agg_nodes: 1, agg_workers: 1}\nbackend: {type: sglang}\nenvironment: {HF_HOME: /logs/hf}\nbenchmark: {type: manual}\n',
      { source: 's.yaml', backends: backendSchemas },
    ).config;
    const plan = planDeployment(config, runtimeFor(config));
    expect(plan.processes.map((p) => p.name).indexOf('model_download')).toBe(plan.processes.findIndex((p) => p.role === 'worker') - 1);
    expect(plan.warnings).toStrictEqual([]);
  });
});

describe('the model_download script', () => {
  const root = mkdtempSync(join(tmpdir(), 'srt-hf-script-'));
  const bin = join(root, 'bin');
  const mirror = join(root, 'mirror');
  mkdirSync(bin);
  mkdirSync(join(mirror, 'Org', 'Tiny'), { recursive: true });
  writeFileSync(join(mirror, 'Org', 'Tiny', 'config.json'), '{"model_type":"tiny"}\n');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function run(home: string, repo: string, cli: 'hf' | 'huggingface-cli' | 'none' = 'hf') {
    const dir = join(root, `bin-${cli}`);
    mkdirSync(dir, { recursive: true });
    if (cli !== 'none') rmSync(join(dir, cli), { force: true }), symlinkSync(FAKE_HF, join(dir, cli));
    const r = spawnSync('bash', ['-c', MODEL_DOWNLOAD_SCRIPT, 'model_download', repo], {
      env: { PATH: `${dir}:/usr/bin:/bin`, HF_HOME: home, HF_ENDPOINT: `file://${mirror}`, HOME: root },
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  it('downloads into HF_HOME, then finds it in the cache (offline) the next time', () => {
    const home = join(root, 'home-a');
    const first = run(home, 'Org/Tiny');
    expect(first, first.err).toMatchObject({ code: 0 });
    expect(first.out).toContain(`model download: downloading Org/Tiny into ${home} with hf`);
    expect(readFileSync(join(home, 'hub', 'models--Org--Tiny', 'snapshots', '0123456789abcdef0123456789abcdef01234567', 'config.json'), 'utf8')).toContain('tiny');
    const again = run(home, 'Org/Tiny');
    expect(again).toMatchObject({ code: 0, out: `model download: Org/Tiny is already in ${home}\n` });
  });

  it('falls back to huggingface-cli, fails with the downloader\'s code, and names a missing CLI', () => {
    expect(run(join(root, 'home-b'), 'Org/Tiny', 'huggingface-cli')).toMatchObject({ code: 0 });
    const missing = run(join(root, 'home-c'), 'Org/Nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/RepositoryNotFoundError[\s\S]*model download: hf download Org\/Nope failed \(exit 1\)/);
    const none = run(join(root, 'home-d'), 'Org/Tiny', 'none');
    expect(none.code).toBe(127);
    expect(none.err).toContain('neither hf nor huggingface-cli is on PATH in this image');
  });

  it('deletes lock files older than 30 minutes, keeps fresh ones', () => {
    const home = join(root, 'home-e');
    mkdirSync(join(home, 'hub'), { recursive: true });
    writeFileSync(join(home, 'hub', 'old.lock'), '');
    writeFileSync(join(home, 'hub', 'new.lock'), '');
    spawnSync('touch', ['-d', '2 hours ago', join(home, 'hub', 'old.lock')]);
    expect(run(home, 'Org/Tiny')).toMatchObject({ code: 0 });
    expect(spawnSync('ls', [join(home, 'hub')], { encoding: 'utf8' }).stdout.split('\n')).toStrictEqual(['models--Org--Tiny', 'new.lock', '']);
  });
});
