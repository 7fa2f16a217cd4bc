import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MOCK_EXAMPLES } from './cli-harness.ts';

// Interactive mode driven through a real pseudo-terminal (tmux), keys and all: the CLI runs
// from source (tsx), so no build is needed. A fake `sbatch` on PATH records the submission.
const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'packages/cli/src/bin.ts');
const TSX = join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');
const TIMEOUT_MS = 30_000;

const sessions: { socket: string; dir: string }[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) {
    spawnSync('tmux', ['-L', s.socket, 'kill-server']);
    rmSync(s.dir, { recursive: true, force: true });
  }
});

/** A project with the mock examples under examples/ and a fake sbatch, and a tmux session running `srtctl` in it. */
function start(extra: Readonly<Record<string, string>> = {}): { dir: string; keys: (...k: string[]) => void; screen: () => string; waitFor: (text: string | RegExp) => Promise<string> } {
  const dir = mkdtempSync(join(tmpdir(), 'srt-pty-'));
  mkdirSync(join(dir, 'examples/mock'), { recursive: true });
  mkdirSync(join(dir, 'bin'));
  for (const f of ['agg.yaml', 'disagg.yaml']) cpSync(join(MOCK_EXAMPLES, f), join(dir, 'examples/mock', f));
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'srtctl.mjs'), '');
  writeFileSync(
    join(dir, 'bin/sbatch'),
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "slurm 23.02.0"; exit 0; fi\ncat > "${dir}/submitted.sh"\necho "Submitted batch job 4242"\n`,
  );
  chmodSync(join(dir, 'bin/sbatch'), 0o755);
  const socket = `srt-pty-${process.pid}-${sessions.length}`;
  sessions.push({ socket, dir });
  const env = `PATH=${dir}/bin:$PATH SRTCTL_BUNDLE=${dir}/srtctl.mjs NO_COLOR=1`;
  const cmd = `cd ${dir} && ${env} node --conditions=@srt/source --import ${TSX} ${BIN}; echo "EXIT=$?"; sleep 600`;
  execFileSync('tmux', ['-L', socket, 'new-session', '-d', '-x', '110', '-y', '50', '-s', 'srt', cmd]);
  const screen = (): string => execFileSync('tmux', ['-L', socket, 'capture-pane', '-p', '-S', '-', '-t', 'srt'], { encoding: 'utf8' });
  const waitFor = async (text: string | RegExp): Promise<string> => {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const s = screen();
      if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { dir, keys: (...k) => execFileSync('tmux', ['-L', socket, 'send-keys', '-t', 'srt', ...k]), screen, waitFor };
}

const modifiedDirs = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('srtctl_modified_'));

describe('srtctl interactive mode in a terminal', () => {
  it('selects a recipe with the arrow keys, previews its plan, dry-runs and submits it', async () => {
    const before = modifiedDirs();
    const t = start();
    await t.waitFor('Choose a recipe');
    t.keys('Down', 'Enter'); // examples/mock/disagg.yaml
    await t.waitFor(/Plan: 1P×\d+ \+ 2D×\d+ GPUs/);
    expect(t.screen()).toMatch(/prefill_0_\S+ +node-01/);
    await t.waitFor('mock-disagg: what next?');
    t.keys('Down', 'Enter'); // Dry-run
    await t.waitFor('#SBATCH --job-name=mock-disagg');
    await t.waitFor(/mock-disagg: what next\?[\s\S]*mock-disagg: what next\?/);
    t.keys('Down', 'Down', 'Down', 'Enter'); // Submit to SLURM
    await t.waitFor('Submit examples/mock/disagg.yaml to SLURM?');
    t.keys('y');
    const done = await t.waitFor('EXIT=');
    expect(done).toMatch(/Submitted\.[\s\S]*EXIT=0/);
    expect(readFileSync(join(t.dir, 'submitted.sh'), 'utf8')).toContain('#SBATCH --job-name=mock-disagg');
    expect(existsSync(join(t.dir, 'outputs/4242'))).toBe(true);
    expect(modifiedDirs()).toStrictEqual(before);
  }, 60_000);

  it('completes a typed path with Tab, offers only aggregated edits for an aggregated recipe, and quits', async () => {
    const t = start();
    await t.waitFor('Choose a recipe');
    t.keys('Down', 'Down', 'Enter'); // Type a path…
    await t.waitFor('Recipe file');
    t.keys('-l', 'examples/mock/ag');
    t.keys('Tab');
    await t.waitFor(/Search: \S+\/examples\/mock\/agg\.yaml/);
    t.keys('Enter');
    await t.waitFor('mock-agg: what next?');
    expect(t.screen()).toMatch(/aggregated: 2 workers on 1 node/);
    t.keys('Down', 'Down', 'Enter'); // Edit values
    const edit = await t.waitFor('Change which value?');
    expect(edit).toMatch(/Aggregated workers/);
    expect(edit).not.toMatch(/Prefill|Decode/);
    t.keys('Up', 'Enter'); // Back (the last entry)
    await t.waitFor(/Change which value\?[\s\S]*mock-agg: what next\?/);
    t.keys('Up', 'Enter'); // Quit (the list wraps)
    const done = await t.waitFor('EXIT=');
    expect(done).toMatch(/Goodbye![\s\S]*EXIT=0/);
    expect(existsSync(join(t.dir, 'submitted.sh'))).toBe(false);
  }, 60_000);

  it('asks which variant of an override file, previews it and submits that variant alone', async () => {
    const base = readFileSync(join(MOCK_EXAMPLES, 'agg.yaml'), 'utf8').replace(/^#.*\n/gm, '').replace(/^(?=.)/gm, '  ');
    const t = start({ 'examples/mock/variants.yaml': `base:\n${base}\noverride_one:\n  resources: { agg_workers: 1 }\n\noverride_wide:\n  resources: { agg_workers: 4 }\n` });
    await t.waitFor('Choose a recipe');
    t.keys('Down', 'Down', 'Enter'); // examples/mock/variants.yaml
    const question = await t.waitFor('is an override file: which variant?');
    expect(question).toMatch(/override_one[\s\S]*override_wide[\s\S]*base[\s\S]*All 2 variants/);
    t.keys('Down', 'Enter'); // override_wide
    await t.waitFor(/Plan: 4A×\d+ GPUs/);
    expect(t.screen()).toMatch(/examples\/mock\/variants\.yaml:override_wide/);
    await t.waitFor('mock-agg_wide: what next?');
    t.keys('Down', 'Down', 'Down', 'Enter'); // Submit to SLURM
    await t.waitFor('Submit examples/mock/variants.yaml:override_wide to SLURM?');
    t.keys('y');
    const done = await t.waitFor('EXIT=');
    expect(done).toMatch(/Submitted\.[\s\S]*EXIT=0/);
    expect(readFileSync(join(t.dir, 'submitted.sh'), 'utf8')).toContain('#SBATCH --job-name=mock-agg_wide');
    expect(JSON.parse(readFileSync(join(t.dir, 'outputs/4242/4242.json'), 'utf8'))).toMatchObject({ job_name: 'mock-agg_wide', variant: 'wide' });
  }, 60_000);
});
