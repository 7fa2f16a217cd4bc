import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeEnv } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { COMMANDS, main, type MainOptions, renderMainHelp } from './main.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

async function run(argv: readonly string[], over: Partial<MainOptions> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    env: nodeEnv({ cwd: repo, vars: { PATH: process.env['PATH'] } }),
    stdout: { write: (s) => void (stdout += s) },
    stderr: { write: (s) => void (stderr += s) },
    ...over,
  });
  return { code, stdout, stderr };
}

describe('srtctl help', () => {
  it.each(Object.keys(COMMANDS))('answers `%s --help` with its usage on stdout, exit 0', async (name) => {
    const r = await run([name, '--help']);
    expect([r.code, r.stderr, r.stdout.length > 0]).toStrictEqual([0, '', true]);
  });

  it('shows only example files that exist in the repository', async () => {
    const helps = [renderMainHelp(), ...(await Promise.all(Object.keys(COMMANDS).map(async (n) => (await run([n, '--help'])).stdout)))];
    // Recipe paths (a folder and a .yaml), not job outputs (outputs/$SLURM_JOB_ID/config.yaml).
    const files = [...new Set(helps.join('\n').match(/[\w./$-]+\.ya?ml\b/g) ?? [])].filter((f) => f.includes('/') && !f.includes('$') && !f.startsWith('outputs/'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !existsSync(join(repo, f)))).toStrictEqual([]);
  });
});

describe('srtctl usage errors', () => {
  it('suggests the closest command for an unknown one', async () => {
    const r = await run(['valdate']);
    expect([r.code, r.stderr.split('\n')[0]]).toStrictEqual([2, 'Error: unknown command "valdate" (did you mean validate?)']);
  });

  it('suggests the closest flag for an unknown one', async () => {
    const r = await run(['dry-run', '-f', 'examples/mock/agg.yaml', '--node', 'n1']);
    expect([r.code, r.stderr.split('\n')[0]]).toStrictEqual([2, 'Error: unknown option --node (did you mean --nodes?)']);
  });
});

describe('srtctl file errors', () => {
  it('says a directory given to validate -f holds no recipe, in one line, exit 1 (-f DIR validates every recipe in it)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-dir-'));
    const r = await run(['validate', '-f', dir]);
    expect([r.code, r.stderr.replaceAll(dir, '<dir>')]).toStrictEqual([1, 'Error: no *.yaml or *.yml files under <dir>\n']);
  });

  it('says an unreadable recipe cannot be read, naming it', async () => {
    const env = nodeEnv({ cwd: repo, vars: {}, readFile: () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })) });
    const r = await run(['validate', '-f', 'examples/mock/agg.yaml'], { env });
    expect([r.code, r.stderr]).toStrictEqual([1, `Error: cannot read the recipe examples/mock/agg.yaml: permission denied (check its mode with \`ls -l\`)\n`]);
  });
});

describe('srtctl interrupted', () => {
  it('exits 130 when Ctrl-C stopped a command that then failed', async () => {
    const controller = new AbortController();
    const commands = { slow: { summary: 's', load: async () => ({ default: async () => (controller.abort('SIGINT'), 1) }) } };
    expect((await run(['slow'], { commands, signal: controller.signal })).code).toBe(130);
  });

  it('exits 143 for SIGTERM and keeps 0 for a command that stopped cleanly', async () => {
    const term = new AbortController();
    const failing = { x: { summary: 's', load: async () => ({ default: async () => (term.abort('SIGTERM'), 1) }) } };
    expect((await run(['x'], { commands: failing, signal: term.signal })).code).toBe(143);
    const int = new AbortController();
    const clean = { x: { summary: 's', load: async () => ({ default: async () => (int.abort('SIGINT'), 0) }) } };
    expect((await run(['x'], { commands: clean, signal: int.signal })).code).toBe(0);
  });
});
