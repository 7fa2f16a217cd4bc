import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAlive, pidsInGroup } from './testing/processes.ts';

const executor = fileURLToPath(new URL('./local-executor.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/tsx/dist/loader.mjs', import.meta.url));

describe('killOnExit', () => {
  it('kills the process groups of running local children when the orchestrator exits without cleanup', () => {
    // A child orchestrator starts `sleep 30` through the local executor, prints its pid and exits at once
    // (what a second Ctrl-C does).
    const script = `
      import { createLocalExecutor } from ${JSON.stringify(executor)};
      const h = createLocalExecutor({ vars: process.env, cwd: '/tmp' }).start({
        name: 'w', role: 'worker', node: 'local-0', argv: ['sleep', '30'], env: [], logFile: '/tmp/srt-kill-on-exit.out',
        critical: true, container: false, readiness: { kind: 'none' },
      });
      console.log(h.pid);
      setTimeout(() => process.exit(130), 200);
    `;
    const r = spawnSync(process.execPath, ['--conditions=@srt/source', '--import', tsx, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status, r.stderr).toBe(130);
    const pid = Number(r.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    expect([isAlive(pid), pidsInGroup(pid)]).toStrictEqual([false, []]);
  });
});
