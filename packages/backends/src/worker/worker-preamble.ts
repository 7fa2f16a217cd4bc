/** Inputs of the worker / Dynamo frontend bash preamble (backends.md §5). */
export interface WorkerPreambleOptions {
  /** Recipe `setup_script`: a file name under the configs directory. */
  readonly setupScript?: string | null | undefined;
  /** Where setup scripts live as the process sees it: `/configs` in the container. */
  readonly configsDir?: string;
  /** Install the Dynamo wheels first (Dynamo mode: not router, not profiling). */
  readonly installDynamo: boolean;
}

/** The pinned Dynamo install of the reference. */
export const DYNAMO_INSTALL =
  "echo 'Installing dynamo...' && pip install --quiet ai-dynamo-runtime==0.7.0 ai-dynamo==0.7.0 && echo 'Dynamo installed'";

/**
 * Shell text run before a worker's exports: the setup script (a failure aborts the `&&`
 * chain; a missing file only warns), then the Dynamo install. `undefined` when empty.
 * The reference pastes the script name inside single quotes verbatim; here every word is
 * single-quoted with `'` escaped, so a hostile name cannot break out (same text for sane names).
 */
export function buildWorkerPreamble(opts: WorkerPreambleOptions): string | undefined {
  const parts: string[] = [];
  if (opts.setupScript) {
    const path = `${opts.configsDir ?? '/configs'}/${opts.setupScript}`;
    parts.push(
      `echo ${singleQuote(`Running setup script: ${path}`)} && if [ -f ${singleQuote(path)} ]; then bash ${singleQuote(path)}; else echo ${singleQuote(`WARNING: ${path} not found`)}; fi`,
    );
  }
  if (opts.installDynamo) parts.push(DYNAMO_INSTALL);
  return parts.length === 0 ? undefined : parts.join(' && ');
}

/** Always single-quote (unlike `shellQuote`, which leaves safe words bare) so sane names render as the reference does. */
export function singleQuote(word: string): string {
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}
