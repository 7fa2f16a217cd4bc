import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { BUNDLE, CLUSTER_SCRIPTS, REPO } from './paths.ts';

/** What the e2e tests learn from the global setup. */
export type SlurmSetup =
  | { readonly ready: true; readonly vars: Readonly<Record<string, string>> }
  /** `skip`: the machine cannot run them (not root); otherwise the tests must fail with `reason`. */
  | { readonly ready: false; readonly reason: string; readonly skip: boolean };

declare module 'vitest' {
  export interface ProvidedContext {
    slurm: SlurmSetup;
  }
}

/** The newest modification time of any source file of the packages. */
function newestSource(dir = join(REPO, 'packages')): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** SLURM jobs run the bundle: build it when it is missing or older than the sources. Returns why it failed. */
function ensureBundle(): string | undefined {
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= newestSource()) return undefined;
  process.stderr.write(`[e2e] building ${BUNDLE} (pnpm build)...\n`);
  const r = spawnSync('pnpm', ['build'], { cwd: REPO, encoding: 'utf8', timeout: 240_000 });
  if (r.status === 0 && existsSync(BUNDLE)) return undefined;
  const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /error/i.test(l)).slice(0, 10).join('\n');
  return `\`pnpm build\` failed, so there is no ${BUNDLE} for the SLURM jobs to run:\n${errors}`;
}

function clusterIsUp(): boolean {
  const r = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8', timeout: 5000 });
  return r.status === 0 && r.stdout.includes('idle');
}

/** Parses the `export NAME='value'` lines start-cluster.sh prints. */
function parseExports(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Z_]+)='([^']*)'$/gm)) vars[m[1]!] = m[2]!;
  return vars;
}

/** Why the cluster cannot start here (stderr of start-cluster.sh, last lines), for the skip reason. */
function startFailure(e: unknown): string {
  const err = e as { stderr?: string; message?: string };
  const lines = (err.stderr ?? err.message ?? String(e)).trim().split('\n');
  const error = lines.filter((l) => /ERROR/.test(l)).at(-1) ?? lines.at(-1) ?? 'unknown error';
  return `tests/slurm/start-cluster.sh failed: ${error.replace(/^\[srt-slurm\] ERROR: /, '')}`;
}

/**
 * Starts the project's 4-node × 4-GPU SLURM test cluster (`tests/slurm/start-cluster.sh`, root only;
 * quick when it is up already) with its container runtime, and builds the CLI bundle. Where the
 * cluster cannot start (not root, no packages, no namespaces) the SLURM tests are skipped with the
 * reason, except under `CI=true`, where they fail with it. Stops the cluster at the end only if it
 * started it.
 */
export default function setup(project: TestProject): (() => void) | undefined {
  const ci = process.env['CI'] === 'true';
  const unavailable = (reason: string): undefined => {
    project.provide('slurm', { ready: false, skip: !ci, reason: ci ? `CI=true and the SLURM cluster cannot start: ${reason}` : reason });
    return undefined;
  };
  if (process.getuid?.() !== 0) return unavailable('not root (tests/slurm/start-cluster.sh creates network namespaces and runs slurmd)');
  const buildError = ensureBundle();
  if (buildError !== undefined) {
    project.provide('slurm', { ready: false, skip: false, reason: buildError });
    return undefined;
  }
  const wasUp = clusterIsUp();
  let out: string;
  try {
    out = execFileSync('bash', [join(CLUSTER_SCRIPTS, 'start-cluster.sh'), '4', '4'], {
      encoding: 'utf8',
      env: { ...process.env, SRT_SLURM_BATCH_SCHED_DELAY: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 280_000,
    });
  } catch (e) {
    process.stderr.write(String((e as { stderr?: string }).stderr ?? ''));
    return unavailable(startFailure(e));
  }
  const vars = parseExports(out);
  Object.assign(process.env, vars);
  project.provide('slurm', { ready: true, vars });
  if (wasUp) return undefined;
  return () => {
    execFileSync('bash', [join(CLUSTER_SCRIPTS, 'stop-cluster.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 60_000 });
  };
}
