import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@srt/cli';
import { nodeEnv } from '@srt/core';
import { captureOutput } from './capture.ts';
import { BUNDLE } from './paths.ts';

/** How a SLURM e2e job runs: directly on the nodes, or in the test cluster's pyxis-compatible containers. */
export type ContainerRuntime = 'none' | 'pyxis';

/**
 * An srtctl install as a cluster admin would lay it out on shared storage: `<root>/srtctl.mjs`
 * (the bundle the batch script runs and the containerized mock processes get mounted) and
 * `<root>/configs/` filled by `srtctl setup` (nats-server and etcd from PATH), which every
 * containerized step mounts at `/configs`. `remove()` deletes it.
 */
export interface SrtctlRoot {
  readonly root: string;
  readonly configs: string;
  readonly remove: () => void;
}

export async function prepareSrtctlRoot(): Promise<SrtctlRoot> {
  const root = mkdtempSync(join(tmpdir(), 'srt-e2e-root-'));
  copyFileSync(BUNDLE, join(root, 'srtctl.mjs'));
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await main({ argv: ['setup', '--root', root], env: nodeEnv({ cwd: root }), stdout, stderr });
  if (code !== 0) throw new Error(`srtctl setup failed (is nats-server/etcd installed? scripts/install-test-deps.sh):\n${stderr.text()}`);
  return { root, configs: join(root, 'configs'), remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** srtslurm.yaml of the test cluster: no --segment, the given srtctl root, containers per `runtime`. */
export function clusterFile(runtime: ContainerRuntime, srtctlRoot: string): string {
  return `default_partition: batch
default_account: e2e
default_time_limit: "00:10:00"
container_runtime: ${runtime}
use_segment_sbatch_directive: false
srtctl_root: ${srtctlRoot}
`;
}

/**
 * A mock recipe of `tests/e2e/recipes/slurm/` made to run in the container: the mock processes
 * in `model.container` (the cluster's `mock` image, which has node) and a model directory that
 * exists (pyxis fails a step whose mount source is missing). `extra` is appended (top-level keys).
 * Text edits of the recipes' own shapes (`model: { path: … }`, `type: mock`); throws if one is absent.
 */
export function inContainer(recipeText: string, modelDir: string, extra = ''): string {
  mkdirSync(modelDir, { recursive: true });
  writeFileSync(join(modelDir, 'config.json'), '{}\n');
  const edit = (text: string, from: RegExp, to: string): string => {
    if (!from.test(text)) throw new Error(`inContainer: the recipe has no ${from}`);
    return text.replace(from, to);
  };
  let text = edit(recipeText, /model: \{ path: [^,]+, container: [^,]+,/, `model: { path: ${JSON.stringify(modelDir)}, container: mock,`);
  text = /backend: \{ type: mock/.test(text) ? edit(text, /backend: \{ type: mock/, 'backend: { type: mock, in_container: true') : edit(text, /\n {2}type: mock\n/, '\n  type: mock\n  in_container: true\n');
  return `${text}${extra}`;
}

/**
 * A container image for the test cluster's runtime at `dir` (pass the absolute path as
 * `--container-image`): like start-cluster.sh's `mock` image (this machine's /etc and programs,
 * Debian's merged-/usr links, empty /var, /root, /home, /opt), except that /usr is made of the
 * host's /usr/* folders without /usr/local, which is the image's own: `files` puts executables
 * there (`{ 'usr/local/bin/hf': '<host file>' }`), as an image with that tool installed has them.
 */
export function makeImage(dir: string, files: Readonly<Record<string, string>>): string {
  for (const d of ['usr/local/bin', 'etc', 'var/tmp', 'root', 'home', 'opt', 'mnt']) mkdirSync(join(dir, d), { recursive: true });
  chmodSync(join(dir, 'var/tmp'), 0o1777);
  for (const l of ['bin', 'sbin', 'lib', 'lib64']) if (existsSync(`/usr/${l}`)) symlinkSync(`usr/${l}`, join(dir, l));
  const hostDirs = [...readdirSync('/usr').filter((d) => d !== 'local' && statSync(`/usr/${d}`).isDirectory()).map((d) => `/usr/${d}`), '/etc'];
  writeFileSync(join(dir, '.srt-host-dirs'), `${hostDirs.join('\n')}\n`);
  for (const [path, source] of Object.entries(files)) {
    copyFileSync(source, join(dir, path));
    chmodSync(join(dir, path), 0o755);
  }
  return dir;
}
