import type { Output } from '../context.ts';
import { formatDateTime } from '../submit/job-metadata.ts';

/** Log levels of the orchestrator, in increasing severity. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where the orchestrator reports progress. Injected, so tests capture lines instead of reading stdout. */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** `<YYYY-mm-dd HH:MM:SS> [LEVEL] message` in local time, as the reference's logging format. */
export function formatLogLine(time: Date, level: LogLevel, message: string): string {
  return `${formatDateTime(time)} [${level}] ${message}`;
}

export interface CreateLogOptions {
  readonly now: () => number;
  /** Lowest level written (default INFO). */
  readonly level?: LogLevel;
}

/**
 * A `Log` that writes formatted lines to an `Output`.
 *
 * @example
 * const log = createLog(ctx.stdout, { now: ctx.env.now });
 * log.info('Sweep Orchestrator'); // "2026-01-01 12:00:00 [INFO] Sweep Orchestrator\n"
 */
export function createLog(out: Output, opts: CreateLogOptions): Log {
  const min = LOG_LEVELS.indexOf(opts.level ?? 'INFO');
  const write = (level: LogLevel, message: string): void => {
    if (LOG_LEVELS.indexOf(level) < min) return;
    out.write(`${formatLogLine(new Date(opts.now()), level, message)}\n`);
  };
  return {
    debug: (m) => write('DEBUG', m),
    info: (m) => write('INFO', m),
    warn: (m) => write('WARNING', m),
    error: (m) => write('ERROR', m),
  };
}
