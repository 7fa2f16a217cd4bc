/**
 * The `hf:` model pre-download (engines.md §7) under `srtctl apply --local`: the real
 * model_download step (its script, run with the fake `hf` CLI of support/fake-hf on PATH, which
 * copies the model from a local "mirror" named by HF_ENDPOINT), its place before the workers, and
 * mock workers that load the model from HF_HOME only. Binds fixed local ports: run under the e2e
 * lock (`flock /tmp/srt-e2e.lock`).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '@srt/cli';
import { nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { captureOutput } from './support/capture.ts';
import { RECIPES, REPO } from './support/paths.ts';
import { expectNothingLeftUnder } from './support/processes.ts';
import { makeRunDir } from './support/run-dirs.ts';

const FAKE_HF = join(REPO, 'tests', 'e2e', 'support', 'fake-hf');
const SNAPSHOT = 'hub/models--Org--Tiny-0.1B/snapshots/0123456789abcdef0123456789abcdef01234567';

async function applyLocal(model: string) {
  const dir = await makeRunDir('srt-e2e-hf-');
  const mirror = join(dir, 'mirror');
  mkdirSync(join(mirror, 'Org', 'Tiny-0.1B'), { recursive: true });
  writeFileSync(join(mirror, 'Org', 'Tiny-0.1B', 'config.json'), '{"model_type": "tiny"}\n');
  const hfHome = join(dir, 'hf-home');
  const recipe = join(dir, 'recipe.yaml');
  writeFileSync(recipe, readFileSync(join(RECIPES, 'local-hf-model.yaml'), 'utf8').replaceAll('hf:Org/Tiny-0.1B', `hf:${model}`).replaceAll('@HF_HOME@', hfHome).replaceAll('@MIRROR@', mirror));
  const stdout = captureOutput();
  const stderr = captureOutput();
  const vars = { ...process.env, PATH: `${FAKE_HF}:${process.env['PATH'] ?? '/usr/bin:/bin'}` };
  const code = await main({ argv: ['apply', '--local', '-f', recipe], env: nodeEnv({ cwd: dir, vars }), stdout, stderr });
  const jobId = readdirSync(join(dir, 'outputs'))[0] ?? '';
  const logs = join(dir, 'outputs', jobId, 'logs');
  return { dir, code, hfHome, stdout: stdout.text(), stderr: stderr.text(), logs, log: () => readFileSync(join(logs, `orchestrator_${jobId}.log`), 'utf8') };
}

describe('srtctl apply --local with an hf: model', () => {
  it('downloads the model once on the first node before any worker starts; every worker loads it from HF_HOME', async () => {
    const run = await applyLocal('Org/Tiny-0.1B');
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/\[INFO\] Benchmark completed successfully/);
    const log = run.log();
    const at = (text: string): number => {
      const i = log.indexOf(text);
      expect(i, `${text} in the orchestrator log`).toBeGreaterThanOrEqual(0);
      return i;
    };
    expect(at('Pre-downloading the model')).toBeLessThan(at('Starting model_download on local-0 (Org/Tiny-0.1B)'));
    expect(at('Starting model_download on local-0')).toBeLessThan(at('model_download on local-0 finished in'));
    expect(at('model_download on local-0 finished in')).toBeLessThan(at('Starting backend workers'));
    expect(log).toMatch(/Env: HF_ENDPOINT=file:\/\/\S+\/mirror HF_HOME=\S+\/hf-home\n/);
    expect(readFileSync(join(run.logs, 'model_download.out'), 'utf8')).toContain(`model download: downloading Org/Tiny-0.1B into ${run.hfHome} with hf`);
    expect(existsSync(join(run.hfHome, SNAPSHOT, 'config.json'))).toBe(true);
    for (const w of ['local-0_prefill_w0.out', 'local-1_decode_w0.out']) {
      expect(readFileSync(join(run.logs, w), 'utf8')).toContain(`loading Org/Tiny-0.1B from ${join(run.hfHome, SNAPSHOT)}`);
    }
    await expectNothingLeftUnder(run.dir);
  });

  it('fails the job with a diagnosis when the download fails, and starts no worker', async () => {
    const run = await applyLocal('Org/Missing');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[ERROR] The hf: model pre-download failed: model_download on local-0 exited with code 1; the workers were not started');
    expect(run.stdout).toMatch(/RepositoryNotFoundError: 404 Client Error\. Repository Not Found for url: file:\/\/\S+\/Org\/Missing/);
    expect(run.stdout).toMatch(/The hf: model pre-download failed: model_download on local-0 exited with exit code 1; no worker was started/);
    expect(readdirSync(run.logs).filter((f) => /_(prefill|decode)_w\d/.test(f))).toStrictEqual([]);
    await expectNothingLeftUnder(run.dir);
  });
});
