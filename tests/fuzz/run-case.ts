import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendSchemas } from '@srt/backends';
import { main, planJob, loadRecipe } from '@srt/cli';
import { isSrtError, loadConfig, nodeEnv, type Env } from '@srt/core';

/** What one stage did with a mutated recipe: accepted it, refused it with an SrtError, or broke. */
export interface StageOutcome {
  readonly stage: string;
  readonly outcome: 'ok' | 'refused' | 'internal';
  readonly ms: number;
  /** The SrtError code, or the other exception's text and stack. */
  readonly detail?: string;
}

const RECIPE = 'recipe.yaml';
const SHARED_DIR = join(tmpdir(), 'srt-fuzz-library');

/** An environment whose recipe file lives in memory; everything else is a temp directory. */
export function fuzzEnv(dir: string, text: string): Env {
  const path = join(dir, RECIPE);
  const bytes = Buffer.byteLength(text, 'utf8');
  return nodeEnv({
    vars: { PATH: '/usr/bin:/bin', HOME: dir },
    cwd: dir,
    now: () => new Date(2025, 0, 2, 3, 4, 5).getTime(),
    exec: async () => ({ exitCode: 127, stdout: '', stderr: 'no commands in the fuzz suite' }),
    readFile: async (p) => {
      if (p === path) return text;
      throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    },
    fileExists: async (p) => p === path,
    fileSize: async (p) => (p === path ? bytes : 0),
  });
}

async function stage(name: string, f: () => Promise<unknown>): Promise<StageOutcome> {
  const t = performance.now();
  try {
    await f();
    return { stage: name, outcome: 'ok', ms: performance.now() - t };
  } catch (e) {
    const ms = performance.now() - t;
    if (isSrtError(e)) return { stage: name, outcome: 'refused', ms, detail: e.code };
    return { stage: name, outcome: 'internal', ms, detail: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) };
  }
}

/**
 * Runs a recipe text through `loadConfig`, `loadRecipe` + `planJob` (→ `planLaunch`) and, when
 * `cli` is set, `srtctl validate` and `srtctl dry-run --json` in-process. The CLI must answer
 * with exit 0 or 1 (an `SrtError`), never 70 (an internal error).
 */
export async function runCase(text: string, opts: { readonly cli: boolean; readonly plan?: boolean }): Promise<readonly StageOutcome[]> {
  // Only the CLI writes (a sweep's dry-runs/ folder); the library stages share one directory.
  const dir = opts.cli ? mkdtempSync(join(tmpdir(), 'srt-fuzz-')) : SHARED_DIR;
  try {
    const env = fuzzEnv(dir, text);
    const out: StageOutcome[] = [];
    out.push(await stage('loadConfig', () => loadConfig(RECIPE, { env, backends: backendSchemas, cluster: null })));
    if (opts.plan !== false) out.push(
      await stage('planLaunch', async () => {
        const recipe = await loadRecipe(RECIPE, env);
        const bundle = { found: true, path: '/srt/dist/srtctl.mjs', selfCommand: ['node', '/srt/dist/srtctl.mjs'], root: '/srt' };
        for (const job of recipe.jobs) planJob(job, { env, recipe, bundle, jobId: '42', generatedAt: '20250102_030405', allowInvalidBenchmark: true });
      }),
    );
    if (opts.cli) {
      for (const argv of [['validate', '-f', RECIPE], ['dry-run', '-f', RECIPE, '--json']]) {
        out.push(
          await stage(`srtctl ${argv[0]}`, async () => {
            let stderr = '';
            const sink = { write: (_s: string) => undefined, isTTY: false };
            const code = await main({ argv, env, stdout: sink, stderr: { write: (s: string) => void (stderr += s) }, prompt: async () => undefined });
            if (code !== 0 && code !== 1) throw new Error(`exit ${code}: ${stderr.slice(0, 2000)}`);
            if (code === 1 && !/\S/.test(stderr)) throw new Error('exit 1 with nothing on stderr');
          }),
        );
      }
    }
    return out;
  } finally {
    if (dir !== SHARED_DIR) rmSync(dir, { recursive: true, force: true });
  }
}
