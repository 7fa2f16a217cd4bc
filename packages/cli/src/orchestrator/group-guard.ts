import { spawn } from 'node:child_process';

/**
 * The watcher: checks twice a second that this process is still there (`kill -0`); once it is
 * gone, whatever the way (SIGKILL included), it stops the group: SIGTERM (and SIGCONT, so a
 * stopped process gets it), 2 s of grace, SIGKILL.
 * (A pipe would be neater, but the child's end of a Node stdio pipe is non-blocking: `read`
 * in sh returns at once.)
 */
const WATCHER =
  'while kill -0 "$2" 2>/dev/null; do sleep 0.5; done; kill -TERM "-$1" 2>/dev/null || exit 0; kill -CONT "-$1" 2>/dev/null; sleep 2; kill -KILL "-$1" 2>/dev/null; exit 0';

/**
 * Makes a process group die with this process even when this process is killed with SIGKILL
 * and runs no cleanup at all: a tiny `sh` per group (its own group, so a signal to ours does
 * not reach it) watches for our end. Returns the function to call once the group has
 * ended normally, which dismisses the watcher.
 *
 * @example const release = guardGroup(child.pid); child.once('exit', release);
 */
export function guardGroup(pgid: number): () => void {
  if (!Number.isInteger(pgid) || pgid <= 0) return () => undefined;
  const watcher = spawn('sh', ['-c', WATCHER, 'srtctl-group-guard', String(pgid), String(process.pid)], { stdio: 'ignore', detached: true });
  watcher.on('error', () => undefined);
  // The watcher does not keep this process alive.
  watcher.unref();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      if (watcher.pid !== undefined) process.kill(watcher.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
}
