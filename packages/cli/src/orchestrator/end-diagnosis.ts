import type { LogTail } from './failure-report.ts';
import type { ProcessFailure } from './process-registry.ts';

/**
 * What a cancel signal means, for the last line of the orchestrator log: under Slurm a SIGTERM
 * is `scancel` or the job's time limit (both arrive the same way), locally someone stopped srtctl.
 */
export function describeCancel(reason: string, executor: 'local' | 'slurm'): string {
  if (reason === 'SIGTERM') return executor === 'slurm' ? "SIGTERM: scancel or the job's time limit" : 'SIGTERM: srtctl was asked to stop';
  if (reason === 'SIGINT') return 'SIGINT: Ctrl-C';
  if (reason === 'SIGHUP') return 'SIGHUP: the terminal closed';
  return reason;
}

const IN_USE = /address already in use|EADDRINUSE|bind\(\) to \S+ failed \(98|errno 98/i;

/** The port a log line says is taken (`0.0.0.0:8000`, `port 8000`, `[::]:8000`), if it names one. */
function portOf(line: string): number | undefined {
  const m = /(?:\]|\d|\*|localhost):(\d{2,5})\b/.exec(line) ?? /\bport:? (\d{2,5})\b/i.exec(line);
  return m ? Number(m[1]) : undefined;
}

/** A port a failed process could not listen on, from its log tail (`address already in use`). */
export function portInUse(tail: LogTail, fallbackPort?: number): { readonly port: number | undefined; readonly line: string } | undefined {
  if (tail.kind !== 'lines') return undefined;
  const matching = tail.lines.filter((l) => IN_USE.test(l)).reverse();
  const line = matching.find((l) => portOf(l) !== undefined) ?? matching[0];
  if (line === undefined) return undefined;
  return { port: portOf(line) ?? fallbackPort, line: line.trim() };
}

/**
 * The last line of a run stopped by a failed process: which process, on which node, how it
 * ended (exit code, or the signal that killed it, or a port already taken) and its log.
 */
export function describeProcessFailure(failure: ProcessFailure, tail: LogTail, opts: { readonly frontendPort?: number; readonly holder?: string } = {}): string {
  const where = `${failure.name} on ${failure.node || 'unknown node'}`;
  const log = failure.logFile ? ` (log: ${failure.logFile})` : '';
  const taken = portInUse(tail, opts.frontendPort);
  if (taken) {
    const port = taken.port === undefined ? 'its port' : `port ${taken.port}`;
    return `Run failed: ${where} could not listen: ${port} is already in use${opts.holder ? ` by ${opts.holder}` : ''}; stop that process or change the port${log}`;
  }
  if (failure.status.signal !== null) return `Run failed: ${where} was killed by ${failure.status.signal}${log}`;
  if (failure.status.error !== undefined) return `Run failed: ${where} could not start: ${failure.status.error}${log}`;
  return `Run failed: ${where} exited with code ${failure.exitCode}`;
}
