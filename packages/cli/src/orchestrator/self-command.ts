import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClusterConfig, Env } from '@srt/core';
import { locateBundle, requireBundle } from '../submit/locate-bundle.ts';

/** How this srtctl runs itself on a node (`srtctl mock worker …`, `srtctl bench sa …`), and its root. */
export interface SelfCommand {
  readonly argv: readonly string[];
  readonly root: string;
  readonly from: 'bundle' | 'sources';
}

const REPO = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');

/**
 * The argv prefix that runs this same srtctl as a child process:
 * - when this code itself runs from TypeScript sources (tests, `tsx`) and `SRTCTL_BUNDLE` is not
 *   set, the same sources: `node --conditions=@srt/source --import <repo tsx loader> <repo>/packages/cli/src/bin.ts`,
 *   so children never run a stale bundle;
 * - otherwise the self-contained bundle `node <…>/srtctl.mjs` (`SRTCTL_BUNDLE`, `srtctl_root`,
 *   or the installed package), found the way `apply` finds it for the batch script.
 */
export async function resolveSelfCommand(
  env: Pick<Env, 'vars' | 'cwd' | 'fileExists'>,
  cluster: ClusterConfig | undefined,
  nodeBinary: string = process.execPath,
): Promise<SelfCommand> {
  const forced = env.vars['SRTCTL_BUNDLE'];
  if (import.meta.url.endsWith('.ts') && (forced === undefined || forced === '')) {
    const bin = `${REPO}/packages/cli/src/bin.ts`;
    const loader = `${REPO}/node_modules/tsx/dist/loader.mjs`;
    if (existsSync(bin) && existsSync(loader)) {
      return { argv: [nodeBinary, '--conditions=@srt/source', '--import', pathToFileURL(loader).href, bin], root: REPO, from: 'sources' };
    }
  }
  const bundle = requireBundle(await locateBundle(env, cluster, nodeBinary));
  return { argv: bundle.selfCommand, root: bundle.root, from: 'bundle' };
}
