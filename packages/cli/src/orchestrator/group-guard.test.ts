import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from './testing/processes.ts';

async function until(f: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (f()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return f();
}

describe('guardGroup', () => {
  it('kills a detached process group when its parent is killed with SIGKILL (no cleanup runs)', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'srt-guard-'));
    const script = join(dir, 'parent.mjs');
    const guard = join(import.meta.dirname, 'group-guard.ts');
    writeFileSync(
      script,
      [
        `import { spawn } from 'node:child_process';`,
        `const { guardGroup } = await import(${JSON.stringify(guard)});`,
        `const child = spawn('bash', ['-c', 'sleep 1000 & sleep 1000; wait'], { detached: true, stdio: 'ignore' });`,
        `guardGroup(child.pid);`,
        `console.log(child.pid);`,
        `setInterval(() => {}, 1000);`,
      ].join('\n'),
    );
    const parent = spawn(process.execPath, ['--import', 'tsx', script], { cwd: join(import.meta.dirname, '../../../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    const pgid = await new Promise<number>((resolve) => parent.stdout.once('data', (b: Buffer) => resolve(Number(String(b).trim()))));
    expect(isAlive(pgid)).toBe(true);
    parent.kill('SIGKILL');
    const gone = await until(() => spawnSync('pgrep', ['-g', String(pgid)]).status === 1, 5000);
    if (!gone) process.kill(-pgid, 'SIGKILL');
    expect(gone).toBe(true);
  });

  it('is dismissed once the group ended normally (no watcher left)', { timeout: 10_000 }, async () => {
    const { guardGroup } = await import('./group-guard.ts');
    const child = spawn('sleep', ['0.1'], { detached: true, stdio: 'ignore' });
    const release = guardGroup(child.pid!);
    await new Promise((r) => child.once('exit', r));
    release();
    const watchers = await until(() => !spawnSync('pgrep', ['-f', `srtctl-group-guard ${child.pid}`]).stdout.toString().trim(), 2000);
    expect(watchers).toBe(true);
  });
});
