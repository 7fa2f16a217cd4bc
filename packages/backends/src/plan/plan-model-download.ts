import type { PlannedProcess, RuntimeContext, WorkerMode } from '@srt/core';
import { hfModelId, SrtError } from '@srt/core';

/** How long the pre-download may run before it fails the job (engines.md §7: the reference waits up to 1 h). */
export const MODEL_DOWNLOAD_TIMEOUT_MS = 3_600_000;

/** Name (and log stem) of the pre-download step. */
export const MODEL_DOWNLOAD_NAME = 'model_download';

/**
 * The download step's script (engines.md §7), constant text: the repository id arrives as `$1`
 * and `HF_HOME` (with the recipe's other `HF_*` variables, E18) as exports, so no recipe value is
 * ever shell text. Deletes lock files older than 30 min, picks `hf download` (else
 * `huggingface-cli download`), tries the cache with `HF_HUB_OFFLINE=1`, else downloads.
 */
export const MODEL_DOWNLOAD_SCRIPT = [
  'mkdir -p "$HF_HOME" || exit 1',
  `find "$HF_HOME" -name '*.lock' -type f -mmin +30 -delete 2>/dev/null`,
  'if command -v hf >/dev/null 2>&1; then dl=(hf download)',
  'elif command -v huggingface-cli >/dev/null 2>&1; then dl=(huggingface-cli download)',
  'else echo "model download: neither hf nor huggingface-cli is on PATH in this image: install huggingface_hub there (pip install -U huggingface_hub), or remove HF_HOME from the recipe so that workers download on their own" >&2; exit 127; fi',
  'if HF_HUB_OFFLINE=1 "${dl[@]}" "$1" >/dev/null 2>&1; then echo "model download: $1 is already in $HF_HOME"; exit 0; fi',
  'echo "model download: downloading $1 into $HF_HOME with ${dl[0]}"',
  '"${dl[@]}" "$1" || { rc=$?; echo "model download: ${dl[*]} $1 failed (exit $rc)" >&2; exit $rc; }',
  'echo "model download: $1 is in $HF_HOME"',
].join('; ');

/** What the step needs to know about the job's workers. */
export interface ModelDownloadContext {
  readonly runtime: RuntimeContext;
  /** Worker modes in use, in plan order. */
  readonly modes: readonly WorkerMode[];
  /** The backend's environment for a mode (`backend.<mode>_environment`). */
  readonly modeEnvironment: (mode: WorkerMode) => Readonly<Record<string, string>>;
  /** The workers run in the job's image (the step runs where they do, so it sees the same `HF_HOME`). */
  readonly container: boolean;
}

/** The step (or none) and what dry-run should warn about. */
export interface PlannedModelDownload {
  readonly process: PlannedProcess | undefined;
  readonly warnings: readonly string[];
}

const sectionOf = (m: WorkerMode): string => `backend.${m === 'agg' ? 'aggregated' : m}_environment`;

/**
 * The `hf:` model pre-download (engines.md §7): when `model.path` is `hf:<repo>` and the workers'
 * environment sets `HF_HOME` (the global `environment`, or a mode's `backend.<mode>_environment`),
 * one step on the first worker node fills that cache before any worker starts, so workers do not
 * all download at once. It exits 0 or fails the run (`runsToCompletion`). Without `HF_HOME` there
 * is no step and a warning (workers download on their own). Two modes with different `HF_HOME`
 * values are an `SRT_CONFIG_INVALID` error (one step fills one cache).
 *
 * @example
 * const { process, warnings } = planModelDownload({ runtime, modes: ['prefill', 'decode'], modeEnvironment: () => ({}), container: true });
 * process?.argv; // ['bash', '-c', MODEL_DOWNLOAD_SCRIPT, 'model_download', 'Qwen/Qwen3-0.6B']
 */
export function planModelDownload(ctx: ModelDownloadContext): PlannedModelDownload {
  const { runtime } = ctx;
  const repo = hfModelId(runtime.modelPath);
  const node = runtime.nodes.worker[0];
  if (repo === undefined || node === undefined) return { process: undefined, warnings: [] };
  // What each mode's workers see: the mode env, then the global environment on top (worker env order).
  const effective = (m: WorkerMode): Readonly<Record<string, string>> => ({ ...ctx.modeEnvironment(m), ...runtime.environment });
  const homes = ctx.modes.flatMap((m) => {
    const home = effective(m)['HF_HOME'];
    return home === undefined || home === '' ? [] : [{ mode: m, home, from: runtime.environment['HF_HOME'] !== undefined ? 'environment' : sectionOf(m) }];
  });
  const home = homes[0]?.home;
  if (home === undefined) {
    return { process: undefined, warnings: [`model.path is hf:${repo} and no HF_HOME is set: every worker downloads the model on its own; set HF_HOME (environment or backend.<mode>_environment) to a directory all nodes share to download it once before the workers start (engines.md §7)`] };
  }
  const other = homes.find((h) => h.home !== home);
  if (other !== undefined) {
    throw new SrtError('SRT_CONFIG_INVALID', `HF_HOME differs between worker modes (${homes[0]!.from}: ${home}, ${other.from}: ${other.home}): the hf: model is pre-downloaded once into one cache; set one HF_HOME in the recipe's environment`);
  }
  // E18: the recipe's HF_* variables (token, endpoint, …) reach the download too; HF_HUB_OFFLINE
  // is the step's own decision (it tries the cache offline first, then downloads).
  const vars = new Map<string, string>([['HF_HOME', home]]);
  for (const m of ctx.modes) {
    for (const [k, v] of Object.entries(effective(m))) if (k.startsWith('HF_') && k !== 'HF_HUB_OFFLINE' && !vars.has(k)) vars.set(k, v);
  }
  const inContainer = ctx.container && runtime.containerRuntime === 'pyxis';
  const mounted = runtime.containerMounts.some((m) => home === m.container || home.startsWith(`${m.container.replace(/\/+$/, '')}/`));
  const warnings = inContainer && !mounted
    ? [`HF_HOME=${home} is not inside any container mount: the model the pre-download step writes there vanishes with its container and the workers do not see it; mount a directory every node shares there (extra_mount: ["/shared/hf-cache:${home}"])`]
    : [];
  return {
    process: {
      name: MODEL_DOWNLOAD_NAME,
      role: 'download',
      node,
      argv: ['bash', '-c', MODEL_DOWNLOAD_SCRIPT, MODEL_DOWNLOAD_NAME, repo],
      env: [...vars],
      logFile: `${runtime.logDir}/${MODEL_DOWNLOAD_NAME}.out`,
      critical: true,
      container: ctx.container,
      readiness: { kind: 'none' },
      runsToCompletion: { timeoutMs: MODEL_DOWNLOAD_TIMEOUT_MS },
      srun: { recipeOptions: false },
    },
    warnings,
  };
}
