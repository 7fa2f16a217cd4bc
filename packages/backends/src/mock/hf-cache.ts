import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Hugging Face hub cache directory a process with these variables uses: `HF_HUB_CACHE`, else
 * `$HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`.
 *
 * @example hfHubCacheDir({ HF_HOME: '/hf' }) // → '/hf/hub'
 */
export function hfHubCacheDir(vars: Readonly<Record<string, string | undefined>>): string {
  if (vars['HF_HUB_CACHE']) return vars['HF_HUB_CACHE'];
  if (vars['HF_HOME']) return join(vars['HF_HOME'], 'hub');
  return join(vars['XDG_CACHE_HOME'] || join(vars['HOME'] ?? '/root', '.cache'), 'huggingface', 'hub');
}

/**
 * The snapshot folder of `repo` in a hub cache (`models--<org>--<name>/snapshots/<rev>/` holding a
 * `config.json`), as an engine started with `HF_HUB_OFFLINE=1` would load it; undefined when absent.
 *
 * @example findHfSnapshot('/hf/hub', 'Qwen/Qwen3-0.6B') // → '/hf/hub/models--Qwen--Qwen3-0.6B/snapshots/<rev>' or undefined
 */
export function findHfSnapshot(cacheDir: string, repo: string): string | undefined {
  const snapshots = join(cacheDir, `models--${repo.split('/').join('--')}`, 'snapshots');
  let revs: string[];
  try {
    revs = readdirSync(snapshots).sort();
  } catch {
    return undefined;
  }
  const rev = revs.find((r) => existsSync(join(snapshots, r, 'config.json')));
  return rev === undefined ? undefined : join(snapshots, rev);
}
