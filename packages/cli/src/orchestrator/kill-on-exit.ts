/** Pids (negative: process groups) still running, killed if this process exits before cleanup did. */
const live = new Set<number>();
let hooked = false;

function killAll(): void {
  for (const target of live) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

/**
 * Makes sure a child does not outlive this process when it exits without cleaning up (a second
 * Ctrl-C calls `process.exit`): the `exit` handler SIGKILLs every target still registered.
 * Returns the function that unregisters it once the child has ended.
 */
export function killOnExit(target: number): () => void {
  if (target === 0) return () => undefined;
  if (!hooked) {
    hooked = true;
    process.on('exit', killAll);
  }
  live.add(target);
  return () => live.delete(target);
}
