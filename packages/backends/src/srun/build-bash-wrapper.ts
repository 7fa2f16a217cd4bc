import { ENV_NAME, shellJoin, shellQuote, SrtError } from '@srt/core';

/** What the bash wrapper runs: optional preamble, ordered exports, then the program. */
export interface BashWrapperOptions {
  /** Shell text run first (setup script, installs). Trusted: built by this package, never from a recipe verbatim. */
  readonly preamble?: string | undefined;
  /** Ordered `export` lines; values are quoted, so any value is safe. */
  readonly env?: readonly (readonly [string, string])[] | undefined;
  readonly argv: readonly string[];
  /** Variables unset after the exports (`unset -- VLLM_PORT`). */
  readonly unset?: readonly string[] | undefined;
  /** Exports (and unsets) before the preamble: the v1.0.68 order of the engine backends. */
  readonly exportsFirst?: boolean | undefined;
}

/**
 * The string srun hands to `bash -c` (backends.md §8 step 9):
 * `<preamble> && export K=<quoted v> && … && <shell-joined argv>`.
 * Values and argv words are `shlex.quote`d, so no recipe value can run shell.
 *
 * @example
 * buildBashWrapper({ env: [['A', 'x y']], argv: ['python3', '-m', 'x'] })
 * // "export A='x y' && python3 -m x"
 */
export function buildBashWrapper(opts: BashWrapperOptions): string {
  const parts: string[] = [];
  const preamble = opts.preamble !== undefined && opts.preamble !== '' ? [opts.preamble] : [];
  const exports: string[] = [];
  for (const [name, value] of opts.env ?? []) {
    // A name is not quotable in `export NAME=...`; reject anything that is not a plain identifier.
    if (!ENV_NAME.test(name)) throw new SrtError('SRT_PLAN_INVALID', `${JSON.stringify(name)} is not an environment variable name (letters, digits and _): rename it in the recipe`);
    exports.push(`export ${name}=${shellQuote(value)}`);
  }
  const unset = opts.unset ?? [];
  for (const name of unset) if (!ENV_NAME.test(name)) throw new SrtError('SRT_PLAN_INVALID', `${JSON.stringify(name)} is not an environment variable name (letters, digits and _): rename it in the recipe`);
  if (unset.length > 0) exports.push(`unset -- ${unset.join(' ')}`);
  parts.push(...(opts.exportsFirst === true ? [...exports, ...preamble] : [...preamble, ...exports]));
  parts.push(shellJoin(opts.argv));
  return parts.join(' && ');
}
