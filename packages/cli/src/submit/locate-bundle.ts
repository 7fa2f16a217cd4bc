import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClusterConfig, type Env, SrtError } from '@srt/core';

/** Where the self-contained `srtctl.mjs` is, as the job will run it. */
export interface BundleLocation {
  /** Absolute path of `srtctl.mjs`. */
  readonly path: string;
  /** srtctl root for the job (`srtctl_root`, else the package directory). */
  readonly root: string;
  readonly found: boolean;
  /** How the job runs it: `[<node binary>, <path>]`. */
  readonly selfCommand: readonly string[];
}

/** The directory holding the bundle, or its parent when the bundle sits in `dist/`. */
function packageRoot(bundle: string): string {
  const dir = dirname(bundle);
  return basename(dir) === 'dist' ? dirname(dir) : dir;
}

function candidates(vars: Env['vars'], cwd: string, cluster: ClusterConfig | undefined): { path: string; root: string }[] {
  const out: { path: string; root: string }[] = [];
  const forced = vars['SRTCTL_BUNDLE'];
  if (forced !== undefined && forced !== '') {
    const path = resolve(cwd, forced);
    out.push({ path, root: cluster?.srtctl_root === undefined || cluster.srtctl_root === null ? packageRoot(path) : resolve(cwd, cluster.srtctl_root) });
    return out;
  }
  if (cluster?.srtctl_root !== undefined && cluster.srtctl_root !== null) {
    const root = resolve(cwd, cluster.srtctl_root);
    for (const rel of ['srtctl.mjs', 'dist/srtctl.mjs', 'packages/cli/dist/srtctl.mjs']) out.push({ path: resolve(root, rel), root });
    return out;
  }
  // The installed package: next to this file once bundled (dist/), or the package's dist/ from source.
  for (const rel of ['./srtctl.mjs', '../../dist/srtctl.mjs']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    out.push({ path, root: packageRoot(path) });
  }
  return out;
}

/**
 * Finds the bundle the batch script runs: `SRTCTL_BUNDLE`, else under `srtctl_root` of the
 * cluster file, else the installed package. Resolved at submit time, so the script holds
 * an absolute path.
 */
export async function locateBundle(env: Pick<Env, 'vars' | 'cwd' | 'fileExists'>, cluster: ClusterConfig | undefined, nodeBinary: string): Promise<BundleLocation> {
  const list = candidates(env.vars, env.cwd, cluster);
  for (const c of list) if (await env.fileExists(c.path)) return { ...c, found: true, selfCommand: [nodeBinary, c.path] };
  const first = list[0]!;
  return { ...first, found: false, selfCommand: [nodeBinary, first.path] };
}

/** Apply needs the bundle: a clear error naming where it looked. */
export function requireBundle(b: BundleLocation): BundleLocation {
  if (b.found) return b;
  throw new SrtError(
    'SRT_CLUSTER_INVALID',
    `srtctl bundle not found at ${b.path}: build it with \`pnpm --filter @srt/cli build\`, set srtctl_root in srtslurm.yaml to a directory holding dist/srtctl.mjs, or set SRTCTL_BUNDLE`,
  );
}
