import { spawn, spawnSync } from 'node:child_process';

/** `scontrol show job -o ID` as a map of its fields (`JobState`, `ExitCode`, `NodeList`, …). */
export function showJob(jobId: string): Readonly<Record<string, string>> {
  const r = spawnSync('scontrol', ['show', 'job', '-o', jobId], { encoding: 'utf8', timeout: 10_000 });
  const fields: Record<string, string> = {};
  for (const m of r.stdout.matchAll(/(\w+)=(\S*)/g)) fields[m[1]!] ??= m[2]!;
  return fields;
}

const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE']);

/** Polls until the job reaches a final state (or `ms` pass) and returns its fields. */
export async function waitForJobEnd(jobId: string, ms: number): Promise<Readonly<Record<string, string>>> {
  const end = Date.now() + ms;
  for (;;) {
    const job = showJob(jobId);
    if (FINAL.has(job['JobState'] ?? '') || Date.now() > end) return job;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `scancel ID`. */
export function scancel(jobId: string): void {
  spawnSync('scancel', [jobId], { timeout: 10_000 });
}

/** A TCP port held by a process of the test: its pid, and `close()` to release it. */
export interface HeldPort {
  readonly pid: number;
  close(): void;
}

/**
 * Holds TCP `port` on test-cluster node `node` before a job runs there: a small node process
 * listening on 0.0.0.0 inside the node's network namespace (`/run/netns/srt-<node>`, netns mode),
 * or on the node's address (loopback mode, where the nodes share this machine's network). Its
 * working directory is `/`, so `processesUnder(runDir)` never counts it as the job's.
 */
export async function holdPortOnNode(vars: Readonly<Record<string, string>>, node: string, port: number): Promise<HeldPort> {
  const nodes = (vars['SRT_SLURM_NODES'] ?? '').split(' ');
  const addr = (vars['SRT_SLURM_NODE_ADDRS'] ?? '').split(' ')[nodes.indexOf(node)];
  const netns = vars['SRT_SLURM_NET'] === 'netns';
  if (!netns && addr === undefined) throw new Error(`no address for node ${node} in SRT_SLURM_NODE_ADDRS`);
  const script = `const s = require('node:net').createServer(); s.listen(${port}, ${JSON.stringify(netns ? '0.0.0.0' : addr)}, () => console.log('listening')); process.stdin.on('end', () => process.exit(0)); process.stdin.resume();`;
  const argv = netns ? ['nsenter', `--net=/run/netns/srt-${node}`, '--', process.execPath, '-e', script] : [process.execPath, '-e', script];
  const child = spawn(argv[0]!, argv.slice(1), { cwd: '/', stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (out += d.toString()));
  const ready = await new Promise<boolean>((resolve) => {
    child.stdout!.on('data', () => out.includes('listening') && resolve(true));
    child.on('exit', () => resolve(false));
  });
  if (!ready) throw new Error(`could not hold port ${port} on ${node}: ${out}`);
  return {
    pid: child.pid!,
    // Closing its stdin ends it; SIGKILL as well in case it is stuck.
    close: () => {
      child.stdin!.end();
      child.kill('SIGKILL');
    },
  };
}
