import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const RESULT = /\.(json|csv|html)$/;
/** Per-node config dumps and service data are not benchmark results. */
const NOT_RESULT = /_config\.json$|^benchmark-progress\.json$/;
const SKIP_DIRS = new Set(['nats', 'etcd', 'profiles']);

/** Benchmark result files (`.json`, `.csv`, `.html`) in the subfolders of a job's log directory, sorted. */
export function findResultFiles(logDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      // `requeued_run_<n>`: an earlier run of a requeued job, never this run's results
      if (e.isDirectory() && depth < 3 && !SKIP_DIRS.has(e.name) && !e.name.endsWith('.etcd') && !/^requeued_run_\d+$/.test(e.name)) walk(path, depth + 1);
      else if (e.isFile() && depth > 0 && RESULT.test(e.name) && !NOT_RESULT.test(e.name)) found.push(path);
    }
  };
  walk(logDir, 0);
  return found.sort();
}
