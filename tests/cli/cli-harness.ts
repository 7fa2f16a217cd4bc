import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '@srt/cli';
import { type Env, type ExecOptions, type ExecResult, nodeEnv } from '@srt/core';

/** Where CLI tests keep copies of the recipes they run. */
export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const SPEC_EXAMPLES = join(FIXTURES, 'spec-examples');
export const MOCK_EXAMPLES = join(import.meta.dirname, '../../examples/mock');

/** A temp working directory with the given files copied or written in. */
export function workdir(files: Readonly<Record<string, string | { readonly copy: string }>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'srtctl-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    if (typeof content === 'string') writeFileSync(join(dir, name), content);
    else cpSync(content.copy, join(dir, name), { recursive: true });
  }
  return dir;
}

/**
 * Stand-ins for what the spec examples name by a relative path (no srtslurm.yaml in these tests):
 * the model directories and the `.sqsh` image, so preflight finds them as it would on a cluster.
 */
export const SPEC_EXAMPLE_FILES: Readonly<Record<string, string>> = {
  'deepseek-r1/config.json': '{}\n',
  'qwen32b/config.json': '{}\n',
  'dsfp4/config.json': '{}\n',
  'dsfp8/config.json': '{}\n',
  'lmsysorg+sglang+v0.5.5.post2.sqsh': '',
};

/** A fake `sbatch` (and only that): records each call, answers `Submitted batch job <n>` from 12345 up. */
export function fakeSbatch(opts: { readonly missing?: boolean; readonly fail?: (call: number) => string | undefined } = {}) {
  const calls: { argv: readonly string[]; input: string | undefined; cwd: string | undefined }[] = [];
  let next = 12345;
  const exec = async (argv: readonly string[], o: ExecOptions = {}): Promise<ExecResult> => {
    if (opts.missing === true) return { exitCode: 127, stdout: '', stderr: `bash: ${argv[0]}: command not found` };
    if (argv[0] !== 'sbatch') return { exitCode: 127, stdout: '', stderr: `${argv[0]}: not faked` };
    if (argv[1] === '--version') return { exitCode: 0, stdout: 'slurm 22.05.8\n', stderr: '' };
    calls.push({ argv, input: o.input, cwd: o.cwd });
    const failure = opts.fail?.(calls.length);
    if (failure !== undefined) return { exitCode: 1, stdout: '', stderr: `${failure}\n` };
    return { exitCode: 0, stdout: `Submitted batch job ${next++}\n`, stderr: '' };
  };
  return { exec, calls };
}

/** 2025-01-02 03:04:05 local time. */
export const FIXED_NOW = new Date(2025, 0, 2, 3, 4, 5).getTime();

/** The real file system and clock-free environment of a CLI test. */
export function cliEnv(cwd: string, over: Partial<Env> & { readonly extraVars?: Record<string, string> } = {}): Env {
  const { extraVars = {}, ...rest } = over;
  return nodeEnv({
    vars: { PATH: '/usr/bin:/bin', HOME: cwd, ...extraVars },
    cwd,
    now: () => FIXED_NOW,
    exec: async () => ({ exitCode: 127, stdout: '', stderr: 'no commands in tests' }),
    ...rest,
  });
}

/** Runs `srtctl <argv>` in-process and captures everything. */
export async function runCli(
  argv: readonly string[],
  env: Env,
  opts: { readonly answers?: readonly string[]; readonly tty?: boolean; readonly stdin?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string; questions: string[] }> {
  let stdout = '';
  let stderr = '';
  const questions: string[] = [];
  const answers = [...(opts.answers ?? [])];
  const code = await main({
    argv,
    env,
    stdout: { write: (s) => void (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s) => void (stderr += s) },
    prompt: async (q) => {
      questions.push(q);
      stdout += q;
      const a = answers.shift();
      if (a !== undefined) stdout += `${a}\n`;
      return a;
    },
    ...(opts.stdin === undefined ? {} : { readStdin: async () => opts.stdin ?? '' }),
  });
  return { code, stdout, stderr, questions };
}

/** Replaces a temp dir (and the repo root) with stable markers for snapshots. */
export function scrub(text: string, dir: string): string {
  return text.replaceAll(dir, '<root>').replaceAll(join(import.meta.dirname, '../..'), '<repo>').replaceAll(process.execPath, '<node>');
}
