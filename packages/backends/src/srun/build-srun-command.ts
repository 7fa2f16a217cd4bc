import { SrtError } from '@srt/core';
import { buildBashWrapper } from './build-bash-wrapper.ts';

/** One container mount, host path → container path. */
export interface SrunMount {
  readonly host: string;
  readonly container: string;
}

/** Keyword options of the reference's `start_srun_process` (backends.md §8). */
export interface SrunCommandOptions {
  /** The program argv. */
  readonly command: readonly string[];
  readonly nodes?: number;
  readonly ntasks?: number;
  readonly cpusPerTask?: number | undefined;
  readonly nodelist?: readonly string[] | undefined;
  /** Host path srun writes the task's stdout/stderr to. */
  readonly output?: string | undefined;
  /** pyxis image; container flags are emitted only when this is set (pass it only under `container_runtime: pyxis`). */
  readonly containerImage?: string | undefined;
  /** Ignored without an image, as in the reference. */
  readonly containerMounts?: readonly SrunMount[] | undefined;
  /** Extra srun flags in order: non-empty value → `--key value`, empty → `--key`. */
  readonly srunOptions?: Readonly<Record<string, string>> | readonly (readonly [string, string])[] | undefined;
  readonly overlap?: boolean;
  /** Run the command through `bash -c` with a preamble and exports; `undefined` appends argv as is. */
  readonly bashWrapper?: { readonly preamble?: string | undefined; readonly env?: readonly (readonly [string, string])[] | undefined; readonly unset?: readonly string[] | undefined; readonly exportsFirst?: boolean | undefined } | undefined;
  /** v1.0.68 engine shape (engines.md §1): `--jobid <id>` right after srun. */
  readonly jobId?: string | undefined;
  readonly mpi?: string | undefined;
  readonly oversubscribe?: boolean | undefined;
  /** `--cpu-bind=<value>`. */
  readonly cpuBind?: string | undefined;
  /** `--export=<value>`, after the container flags and srun options. */
  readonly exportEnv?: string | undefined;
  /** Render `srunOptions` as one `--key=value` token (v1.0.68) instead of two. */
  readonly joinedOptions?: boolean | undefined;
}

/** `host:ctr` pairs joined by `,` (`get_container_mounts_str`). */
export function renderContainerMounts(mounts: readonly SrunMount[]): string {
  return mounts.map((m) => `${m.host}:${m.container}`).join(',');
}

/**
 * srun argv for one job step, every flag of backends.md §8 in the reference's order.
 * Returns an argv array (srun is spawned without a shell); only the `bash -c` string is shell text,
 * and every value in it is quoted by `buildBashWrapper`.
 *
 * @example
 * buildSrunCommand({ command: ['hostname'], nodelist: ['n1'], bashWrapper: {} })
 * // ['srun', '--overlap', '--nodes', '1', '--ntasks', '1', '--nodelist', 'n1', 'bash', '-c', 'hostname']
 */
export function buildSrunCommand(opts: SrunCommandOptions): string[] {
  const argv = ['srun'];
  if (opts.jobId !== undefined) argv.push('--jobid', opts.jobId);
  if (opts.overlap ?? true) argv.push('--overlap');
  if (opts.mpi !== undefined) argv.push('--mpi', opts.mpi);
  if (opts.oversubscribe === true) argv.push('--oversubscribe');
  if (opts.cpuBind !== undefined) argv.push(`--cpu-bind=${opts.cpuBind}`);
  argv.push('--nodes', String(opts.nodes ?? 1), '--ntasks', String(opts.ntasks ?? 1));
  if (opts.cpusPerTask) argv.push('--cpus-per-task', String(opts.cpusPerTask));
  if (opts.nodelist !== undefined && opts.nodelist.length > 0) argv.push('--nodelist', opts.nodelist.join(','));
  if (opts.output) argv.push('--output', opts.output);
  if (opts.containerImage) {
    argv.push('--container-image', opts.containerImage, '--no-container-entrypoint', '--no-container-mount-home');
    const mounts = opts.containerMounts ?? [];
    if (mounts.length > 0) argv.push('--container-mounts', renderContainerMounts(mounts));
  }
  const flags = srunOptionFlags(opts.srunOptions, opts.joinedOptions === true);
  argv.push(...flags);
  if (opts.exportEnv !== undefined) argv.push(`--export=${opts.exportEnv}`);
  if (opts.bashWrapper === undefined) {
    argv.push(...opts.command);
  } else {
    argv.push('bash', '-c', buildBashWrapper({ ...opts.bashWrapper, argv: opts.command }));
  }
  return argv;
}

/** Flags srtctl sets itself on every step; a recipe overriding them would misplace or unwrap the process. */
export const MANAGED_SRUN_FLAGS = [
  'overlap', 'nodes', 'ntasks', 'nodelist', 'output', 'container-image', 'container-mounts',
  'no-container-entrypoint', 'no-container-mount-home', 'jobid', 'export',
] as const;

const OPTION_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

function srunOptionFlags(options: SrunCommandOptions['srunOptions'], joined = false): string[] {
  if (options === undefined) return [];
  const entries: readonly (readonly [string, string])[] = Array.isArray(options)
    ? (options as readonly (readonly [string, string])[])
    : Object.entries(options as Readonly<Record<string, string>>);
  const bad = entries.filter(([key]) => !OPTION_NAME.test(key) || (MANAGED_SRUN_FLAGS as readonly string[]).includes(key));
  if (bad.length > 0) {
    throw new SrtError('SRT_CONFIG_INVALID', 'srun_options has keys srtctl cannot pass to srun: use long option names without dashes (e.g. `mpi: pmix`), and leave the flags srtctl sets to it', {
      details: bad.map(([key]) => `srun_options.${key}: ${OPTION_NAME.test(key) ? 'set by srtctl for every step' : 'not an srun option name'}`),
    });
  }
  return entries.flatMap(([key, value]) => (value === '' ? [`--${key}`] : joined ? [`--${key}=${value}`] : [`--${key}`, value]));
}
