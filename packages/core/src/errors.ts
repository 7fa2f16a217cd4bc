/**
 * The one error type of the SDK. Callers branch on `code`, never on message text
 * (two copies of the library can coexist, so `instanceof` is not reliable either).
 */
export const SRT_ERROR_CODES = [
  'SRT_CONFIG_NOT_FOUND',
  'SRT_CONFIG_INVALID',
  'SRT_CLUSTER_INVALID',
  'SRT_PLACEHOLDER_MISSING',
  'SRT_SWEEP_INVALID',
  'SRT_NODES_EXHAUSTED',
  'SRT_PLAN_INVALID',
  'SRT_BACKEND_UNKNOWN',
  'SRT_BENCHMARK_UNKNOWN',
  'SRT_BENCHMARK_INVALID',
  'SRT_BENCHMARK_FAILED',
  'SRT_BENCHMARK_STALLED',
  'SRT_SLURM_UNAVAILABLE',
  'SRT_SUBMIT_FAILED',
  'SRT_COMMAND_FAILED',
  'SRT_HEALTH_TIMEOUT',
  'SRT_PROCESS_FAILED',
  'SRT_ABORTED',
  'SRT_USAGE',
  'SRT_PLACEHOLDER_INVALID',
  'SRT_SETUP_FAILED',
  'SRT_LIMIT_FILE_SIZE',
  'SRT_LIMIT_DEPTH',
  'SRT_LIMIT_ALIASES',
  'SRT_LIMIT_KEYS',
  'SRT_LIMIT_STRING',
  'SRT_LIMIT_PLACEHOLDER_WIDTH',
  'SRT_LIMIT_RESOURCES',
  'SRT_LIMIT_SWEEP',
  'SRT_LIMIT_PLANNING',
  'SRT_OUTPUT_FAILED',
  'SRT_FILE_UNREADABLE',
  'SRT_JOB_NOT_FOUND',
  'SRT_RESULT_INVALID',
] as const;

export type SrtErrorCode = (typeof SRT_ERROR_CODES)[number];

export interface SrtErrorOptions {
  /** Extra lines shown under the message (one problem per line). */
  readonly details?: readonly string[];
  readonly cause?: unknown;
}

/** An error a user can act on: a stable `code`, a message that says what to do next, and detail lines. */
export class SrtError extends Error {
  override readonly name: string = 'SrtError';
  readonly code: SrtErrorCode;
  readonly details: readonly string[];

  constructor(code: SrtErrorCode, message: string, opts: SrtErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.details = opts.details ?? [];
  }
}

/**
 * True for an `SrtError` from any copy of this library.
 *
 * @example if (isSrtError(e) && e.code === 'SRT_CONFIG_INVALID') console.error(e.details.join('\n'));
 */
export function isSrtError(e: unknown): e is SrtError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'SrtError' &&
    typeof (e as { code?: unknown }).code === 'string'
  );
}
