import { open } from 'node:fs/promises';
import type { ProcessFailure } from './process-registry.ts';

/** The end of a log file: its last lines, nothing (missing or empty), or why it could not be read. */
export type LogTail =
  | { readonly kind: 'lines'; readonly lines: readonly string[] }
  | { readonly kind: 'empty' }
  | { readonly kind: 'error'; readonly message: string };

const TAIL_BYTES = 256 * 1024;

/** Reads the last `count` lines of a log file (at most its last 256 KiB). */
export async function readLogTail(path: string, count = 50): Promise<LogTail> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'empty' };
    return { kind: 'error', message: (e as Error).message };
  }
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    await file.read(buf, 0, length, size - length);
    const lines = buf.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (size > length) lines.shift(); // the first line is cut
    return lines.length === 0 ? { kind: 'empty' } : { kind: 'lines', lines: lines.slice(-count) };
  } catch (e) {
    return { kind: 'error', message: (e as Error).message };
  } finally {
    await file.close();
  }
}

const RULE = '='.repeat(60);

/**
 * The failure report of orchestrator.md §6, one string per log record: for each failed
 * process, its name, exit code, node, log file and the tail of its log.
 */
export function renderFailureReport(
  failures: readonly { readonly failure: ProcessFailure; readonly tail: LogTail }[],
  tailLines = 50,
): string[] {
  if (failures.length === 0) return [];
  const out = [RULE, 'FAILURE DETAILS', RULE];
  for (const { failure, tail } of failures) {
    out.push('', `--- Process: ${failure.name} ---`, `Exit code: ${failure.exitCode}`);
    out.push(`Node: ${failure.node || 'unknown'}`, `Log file: ${failure.logFile || 'none'}`);
    // Ours, after the reference's four lines so its block stays as it was.
    if (failure.status.signal !== null) out.push(`Signal: ${failure.status.signal}`);
    if (failure.status.error !== undefined) out.push(`Start error: ${failure.status.error}`);
    if (tail.kind === 'lines') {
      out.push('', `Last ${tailLines} lines of log:`, ...tail.lines.map((l) => `  ${l}`));
    } else if (tail.kind === 'error') {
      out.push(`Could not read log file: ${tail.message}`);
    }
  }
  out.push(RULE);
  return out;
}
