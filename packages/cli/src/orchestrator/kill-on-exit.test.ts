import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAlive, pidsInGroup } from './testing/processes.ts';

const executor = fileURLToPath(new URL('./local-executor.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/tsx/dist/loader.mjs', import.meta.url));

describe('killOnExit', () => {
  it('kills the process groups of running local children when the orchestrator exits without cleanup', async () => {
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
    // kill(2) returns before the target has run its exit path: on a loaded machine the SIGKILLed
    // `sleep` may still show as running for a moment after the orchestrator is gone. Wait for
    // the death itself (bounded), far below the 30 s the sleep would live if nobody killed it.
    const deadline = Date.now() + 5_000;
    while ((isAlive(pid) || pidsInGroup(pid).length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect([isAlive(pid), pidsInGroup(pid)]).toStrictEqual([false, []]);
  });
});
