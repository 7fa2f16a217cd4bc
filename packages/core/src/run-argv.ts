import type { ExecOptions, ExecResult } from './env.ts';

/**
 * Runs one program with its argv (no shell in between), collecting stdout and stderr. Never
 * rejects for a failed command: a program that is not found is exit 127 with the reason on
 * stderr, a timeout kills it (SIGTERM) and is exit 124, as `timeout(1)` reports it.
 *
 * @example const r = await runArgv(['scontrol', 'show', 'hostnames', 'n[1-4]'], { timeoutMs: 30_000 });
 */
export async function runArgv(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new Error('exec: empty argv');
  const { spawn } = await import('node:child_process'); // not at start-up: validate never spawns
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), child.kill('SIGTERM')), opts.timeoutMs);
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    const text = (parts: Buffer[]): string => Buffer.concat(parts).toString('utf8');
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const reason = e.code === 'ENOENT' ? `${cmd}: command not found` : `${cmd}: ${e.message}`;
      resolve({ exitCode: e.code === 'ENOENT' ? 127 : 126, stdout: text(out), stderr: `${text(err)}${reason}\n` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: timedOut ? 124 : (code ?? (signal === null ? 1 : 128)), stdout: text(out), stderr: text(err) });
    });
    if (opts.input !== undefined) {
      child.stdin?.on('error', () => undefined); // the program may exit without reading its input
      child.stdin?.end(opts.input);
    }
  });
}
