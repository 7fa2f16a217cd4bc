import { chmod, copyFile, mkdir, rename } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { type Env, loadClusterConfig, SrtError, srtctlConfigsDir } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandHandler } from '../context.ts';
import { locateBundle } from '../submit/locate-bundle.ts';

export const setupSpec = {
  name: 'setup',
  summary: 'Prepare <srtctl root>/configs/ (mounted at /configs in every container step) with the nats-server and etcd binaries of the head services.',
  flags: {
    root: { type: 'string', value: 'DIR', description: 'srtctl root whose configs/ to fill (default: srtctl_root of srtslurm.yaml, else the installed package)' },
    nats: { type: 'string', value: 'PATH', description: 'nats-server binary to copy (default: nats-server on PATH)' },
    etcd: { type: 'string', value: 'PATH', description: 'etcd binary to copy (default: etcd on PATH)' },
  },
  examples: ['srtctl setup', 'srtctl setup --nats ~/dl/nats-server --etcd ~/dl/etcd --root /shared/srtctl'],
} as const satisfies CommandSpec;

/** The reference's setup downloads these; we never do (see the message of a missing binary). */
const BINARIES = [
  { name: 'nats-server', flag: 'nats', releases: 'https://github.com/nats-io/nats-server/releases', debian: 'nats-server' },
  { name: 'etcd', flag: 'etcd', releases: 'https://github.com/etcd-io/etcd/releases', debian: 'etcd-server' },
] as const;

/** The first executable `name` on `PATH`. */
async function onPath(env: Pick<Env, 'vars' | 'fileExists'>, name: string): Promise<string | undefined> {
  for (const dir of (env.vars['PATH'] ?? '').split(delimiter)) {
    if (dir !== '' && (await env.fileExists(join(dir, name)))) return join(dir, name);
  }
  return undefined;
}

/**
 * `srtctl setup`: copies `nats-server` and `etcd` (given paths, else found on PATH) into
 * `<srtctl root>/configs/`, which every containerized step mounts at `/configs` (the plan's
 * head services run `/configs/nats-server` and `/configs/etcd`). The reference's setup
 * downloads release binaries; this one never touches the network and says so when one is missing.
 */
const setup: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(setupSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(setupSpec));
    return 0;
  }
  const { env } = ctx;
  const root = args.values.root !== undefined ? resolve(env.cwd, args.values.root) : (await locateBundle(env, (await loadClusterConfig(env))?.config, process.execPath)).root;
  const configs = srtctlConfigsDir(root);
  const sources = await Promise.all(BINARIES.map(async (b) => ({ ...b, source: args.values[b.flag] === undefined ? await onPath(env, b.name) : resolve(env.cwd, args.values[b.flag]!) })));
  const absent = await Promise.all(sources.map(async (s) => s.source === undefined || !(await env.fileExists(s.source))));
  const problems = sources.filter((_, i) => absent[i]);
  if (problems.length > 0) {
    throw new SrtError('SRT_SETUP_FAILED', `srtctl setup cannot fill ${configs}: ${problems.map((p) => p.name).join(' and ')} not found. srtctl never downloads binaries (the reference's setup fetches release archives from GitHub; here there may be no network, and the binaries should come from a source you trust): install them or download them yourself, then pass their paths`, {
      details: problems.map((p) => `${p.name}: ${args.values[p.flag] === undefined ? 'not on PATH' : `${p.source} does not exist`}; pass --${p.flag} PATH (a Linux binary for the compute nodes), or install it (Debian: apt-get install ${p.debian}; releases: ${p.releases})`),
    });
  }
  await mkdir(configs, { recursive: true });
  for (const s of sources) {
    const dest = join(configs, s.name);
    // Copy then rename, so a running job never sees a half-written binary.
    await copyFile(s.source!, `${dest}.tmp`);
    await chmod(`${dest}.tmp`, 0o755);
    await rename(`${dest}.tmp`, dest);
    ctx.stdout.write(`${s.name}: copied ${s.source} to ${dest}\n`);
  }
  ctx.stdout.write(`${configs} is ready: every containerized step mounts it at /configs (put setup scripts and other shared files there too).\n`);
  return 0;
};

export default setup;
