import { execFile } from 'node:child_process';

/**
 * The process listening on a local TCP port, as `ss -ltnpH` shows it (`nginx (pid 4242)`), or
 * undefined when `ss` is missing, the port is free, or the holder belongs to another user.
 */
export function findPortHolder(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('ss', ['-ltnpH', `sport = :${port}`], { timeout: 2000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      resolve(parsePortHolder(String(stdout)));
    });
  });
}

/** `users:(("nginx",pid=4242,fd=6))` → `nginx (pid 4242)`; a listener without visible users → `another process`. */
export function parsePortHolder(ssOutput: string): string | undefined {
  const line = ssOutput.split('\n').find((l) => l.trim() !== '');
  if (line === undefined) return undefined;
  const m = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
  return m ? `${m[1]} (pid ${m[2]})` : 'another process (not ours to see)';
}
