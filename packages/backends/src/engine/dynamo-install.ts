import type { DynamoConfig } from '@srt/core';
import { singleQuote } from '../worker/worker-preamble.ts';

/** Our default Dynamo version (upstream v1.0.68 defaults to 0.8.0; engines.md §6.6). */
export const DEFAULT_DYNAMO_VERSION = '0.7.0';

/** Where the staged-wheel installer is mounted (engines.md §6.4). */
export const WHEEL_SCRIPT = '/srtctl-runtime/dynamo_wheels.py';

/**
 * The wheel file name of a staged version.
 *
 * @example dynamoWheelName('1.2.0.dev20260426') // → 'ai_dynamo-1.2.0.dev20260426-py3-none-any.whl'
 */
export function dynamoWheelName(version: string): string {
  return `ai_dynamo-${version}-py3-none-any.whl`;
}

/**
 * The raw install command of one source (engines.md §6.4): the PyPI version (default), staged
 * wheels, a cached source build of a commit (`hash`), or a fresh build of the default branch
 * (`top_of_tree`, no cache; the log names the commit it built).
 *
 * @example dynamoInstallCommand({ version: '0.7.0' }) // → "echo 'Installing dynamo 0.7.0...' && pip install --break-system-packages --quiet --extra-index-url https://pypi.nvidia.com ai-dynamo-runtime==0.7.0 ai-dynamo==0.7.0 && echo 'Dynamo 0.7.0 installed'"
 */
export function dynamoInstallCommand(dynamo: DynamoConfig | undefined): string {
  if (dynamo?.wheel != null) {
    const file = dynamoWheelName(dynamo.wheel);
    return `echo ${singleQuote(`Installing dynamo wheel ${file}...`)} && if [ -f ${WHEEL_SCRIPT} ]; then python3 ${WHEEL_SCRIPT} install; else echo ${singleQuote(`ERROR: ${WHEEL_SCRIPT} not found`)} >&2; exit 1; fi`;
  }
  if (dynamo?.hash != null) return hashInstall(dynamo.hash);
  if (dynamo?.top_of_tree === true) return topOfTreeInstall();
  const v = dynamo?.version ?? DEFAULT_DYNAMO_VERSION;
  return `echo ${singleQuote(`Installing dynamo ${v}...`)} && pip install --break-system-packages --quiet --extra-index-url https://pypi.nvidia.com ai-dynamo-runtime==${v} ai-dynamo==${v} && echo ${singleQuote(`Dynamo ${v} installed`)}`;
}

const DYNAMO_REPO = 'https://github.com/ai-dynamo/dynamo.git';

/** Build tools of a source build (engines.md §6.4): apt packages (when `always` or missing), Rust via rustup when cargo is missing, maturin. */
function buildTools(always: boolean): string {
  const apt = 'apt-get update -qq && apt-get install -y -qq libclang-dev curl git protobuf-compiler >/dev/null';
  return [
    always ? apt : `if ! command -v git >/dev/null || ! command -v protoc >/dev/null || ! command -v curl >/dev/null; then ${apt}; fi`,
    `if ! command -v cargo >/dev/null; then curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y && . "$HOME/.cargo/env"; fi`,
    'pip install --break-system-packages --quiet --force-reinstall maturin',
  ].join(' && ');
}

/** `maturin build` of the Python bindings of the checkout at `src` (inside double quotes), wheels into `out` (a shell word). */
const maturinBuild = (src: string, out: string): string =>
  `(cd "${src}/lib/bindings/python" && RUSTFLAGS="$RUSTFLAGS -C target-cpu=native --cfg tokio_unstable" maturin build --release --out ${out})`;

/** Cached source build of commit `h` under /configs/dynamo-wheels/<h> (one builder per cache, flock on FD 201). */
function hashInstall(h: string): string {
  const cache = `/configs/dynamo-wheels/${h}`;
  const build = [
    buildTools(true),
    `SRC=$(mktemp -d) && git clone --quiet ${DYNAMO_REPO} "$SRC/dynamo" && git -C "$SRC/dynamo" checkout --quiet ${h}`,
    maturinBuild('$SRC/dynamo', cache),
    `tar -C "$SRC" --exclude=target --exclude=.git -czf ${cache}/dynamo-src.tar.gz dynamo`,
    `touch ${cache}/.complete`,
  ].join(' && ');
  return [
    `echo ${singleQuote(`Installing dynamo from commit ${h}...`)}`,
    `mkdir -p ${cache}`,
    `( flock -x 201 && if [ ! -f ${cache}/.complete ]; then ${build}; fi ) 201>/configs/dynamo-wheels/.${h}.lock`,
    `pip install --break-system-packages --quiet --force-reinstall ${cache}/ai_dynamo_runtime-*.whl`,
    `mkdir -p /tmp/dynamo-src && tar -C /tmp/dynamo-src -xzf ${cache}/dynamo-src.tar.gz`,
    `pip install --break-system-packages --quiet -e /tmp/dynamo-src/dynamo`,
    `echo ${singleQuote(`Dynamo ${h} installed`)}`,
  ].join(' && ');
}

/**
 * A fresh build of the default branch (engines.md §6.4 `top_of_tree`): inside `/sgl-workspace`
 * when the image has it (SGLang images), else under /tmp/dynamo_build; tools installed when
 * missing; no cache. The commit built is printed, since nothing else records it.
 */
function topOfTreeInstall(): string {
  const src = '"$DYN_BUILD_ROOT/dynamo"';
  return [
    `echo ${singleQuote('Installing dynamo from the top of tree (default branch)...')}`,
    'DYN_BUILD_ROOT=/tmp/dynamo_build && if [ -d /sgl-workspace ]; then DYN_BUILD_ROOT=/sgl-workspace; fi && mkdir -p "$DYN_BUILD_ROOT"',
    buildTools(false),
    `rm -rf ${src} && git clone --quiet --depth 1 ${DYNAMO_REPO} ${src}`,
    maturinBuild('$DYN_BUILD_ROOT/dynamo', '"$DYN_BUILD_ROOT/dynamo/dist"'),
    'pip install --break-system-packages --quiet --force-reinstall "$DYN_BUILD_ROOT"/dynamo/dist/ai_dynamo_runtime-*.whl',
    `pip install --break-system-packages --quiet -e ${src}`,
    `echo "Dynamo top of tree installed: commit $(git -C ${src} rev-parse HEAD)"`,
  ].join(' && ');
}

/**
 * The install wrapped so that tasks sharing one container install once (engines.md §6.3): an
 * exclusive flock in the active Python's prefix, a sentinel after success; a failed install
 * fails the chain.
 *
 * @example const setup = `${dynamoInstallStep(config.dynamo)} && python3 -m dynamo.frontend` // installs once per container under flock, then runs
 */
export function dynamoInstallStep(dynamo: DynamoConfig | undefined): string {
  const x = dynamoInstallCommand(dynamo);
  return `DYN_LOCK_DIR=$(python3 -c 'import sys; print(sys.prefix)' 2>/dev/null || echo "\${HOME:-/root}") && ( flock -x 200 && if [ -f "$DYN_LOCK_DIR/.srtctl_dynamo_install.complete" ]; then echo 'dynamo install already completed in this environment, skipping'; else { ${x} ; } && touch "$DYN_LOCK_DIR/.srtctl_dynamo_install.complete"; fi ) 200>"$DYN_LOCK_DIR/.srtctl_dynamo_install.lock"`;
}

/**
 * Variables from `dynamo.wheel` put before the recipe's global environment (engines.md §6.5).
 *
 * @example dynamoWheelEnvironment({ wheel: '1.2.0.dev20260426' }) // → [['DYNAMO_WHEEL_NAME', 'ai_dynamo-1.2.0.dev20260426-py3-none-any.whl'], ['DYNAMO_VERSION', '1.2.0.dev20260426']]
 */
export function dynamoWheelEnvironment(dynamo: DynamoConfig | undefined): [string, string][] {
  if (dynamo?.wheel == null || dynamo.install === false) return [];
  return [['DYNAMO_WHEEL_NAME', dynamoWheelName(dynamo.wheel)], ['DYNAMO_VERSION', dynamo.wheel]];
}
