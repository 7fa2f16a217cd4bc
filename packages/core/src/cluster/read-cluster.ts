import type { Env } from '../env.ts';
import { SrtError } from '../errors.ts';
import type { ClusterInfo } from '../runtime/types.ts';
import { expandHostlist } from './expand-hostlist.ts';

export interface ReadClusterOptions {
  /** Host list to use instead of `SLURM_NODELIST` (e.g. `gpu-[01-04]`). */
  readonly nodelist?: string | undefined;
  /** Job id to use instead of `SLURM_JOB_ID` / `SLURM_JOBID`. */
  readonly jobId?: string | undefined;
}

/** Lookups run at most this many at a time. */
const DNS_CONCURRENCY = 32;

/**
 * Reads the job's allocation once, at the edge: the job id (`SLURM_JOB_ID`, else
 * `SLURM_JOBID`), the node list (`scontrol show hostnames $SLURM_NODELIST`, else pure
 * expansion), and every node's address, resolved once for all: one
 * `scontrol show node <n1,n2,...>` call for `NodeAddr`, then DNS (`env.resolveHost`) for
 * nodes without a distinct address, else the name itself. Builders never resolve names.
 *
 * @example const cluster = await readCluster(nodeEnv()); // { jobId: '12345', nodes: ['gpu-01', ...], nodeAddrs: Map {...} }
 */
export async function readCluster(env: Pick<Env, 'vars' | 'exec' | 'resolveHost'>, opts: ReadClusterOptions = {}): Promise<ClusterInfo> {
  const nodelist = nonEmpty(opts.nodelist) ?? nonEmpty(env.vars['SLURM_NODELIST']) ?? nonEmpty(env.vars['SLURM_JOB_NODELIST']);
  if (nodelist === undefined) {
    throw new SrtError('SRT_SLURM_UNAVAILABLE', 'SLURM_NODELIST is not set: run inside sbatch/salloc, or use `srtctl dry-run --nodes gpu-[01-04]`');
  }
  const jobId = nonEmpty(opts.jobId) ?? nonEmpty(env.vars['SLURM_JOB_ID']) ?? nonEmpty(env.vars['SLURM_JOBID']);
  if (jobId === undefined) {
    throw new SrtError('SRT_SLURM_UNAVAILABLE', 'SLURM_JOB_ID is not set: run inside sbatch/salloc, or pass the job id explicitly');
  }
  const nodes = await hostnames(env, nodelist);
  if (nodes.length === 0) {
    throw new SrtError('SRT_SLURM_UNAVAILABLE', `SLURM_NODELIST ${JSON.stringify(nodelist)} names no node: run inside sbatch/salloc, or use \`srtctl dry-run --nodes gpu-[01-04]\``);
  }
  return { jobId, nodes, nodeAddrs: await nodeAddresses(env, nodes) };
}

function nonEmpty(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t === undefined || t === '' ? undefined : t;
}

async function run(env: Pick<Env, 'exec'>, argv: readonly string[]): Promise<string | undefined> {
  try {
    const r = await env.exec(argv, { timeoutMs: 30_000 });
    return r.exitCode === 0 ? r.stdout : undefined;
  } catch {
    return undefined;
  }
}

/** `scontrol show hostnames`, else the pure expansion, else the raw list as one name (as the reference does). */
async function hostnames(env: Pick<Env, 'exec'>, nodelist: string): Promise<readonly string[]> {
  const out = await run(env, ['scontrol', 'show', 'hostnames', nodelist]);
  if (out !== undefined) {
    const names = out.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    if (names.length > 0) return names;
  }
  try {
    return expandHostlist(nodelist);
  } catch {
    return [nodelist];
  }
}

async function nodeAddresses(env: Pick<Env, 'exec' | 'resolveHost'>, nodes: readonly string[]): Promise<ReadonlyMap<string, string>> {
  const fromSlurm = parseNodeAddrs((await run(env, ['scontrol', 'show', 'node', nodes.join(',')])) ?? '');
  const addrs = new Map<string, string>();
  const unresolved = [...new Set(nodes)].filter((n) => {
    const addr = fromSlurm.get(n);
    if (addr !== undefined && addr !== n) addrs.set(n, addr);
    return !addrs.has(n);
  });
  for (let i = 0; i < unresolved.length; i += DNS_CONCURRENCY) {
    const batch = unresolved.slice(i, i + DNS_CONCURRENCY);
    const found = await Promise.all(batch.map((n) => env.resolveHost(n).catch(() => undefined)));
    batch.forEach((n, j) => addrs.set(n, found[j] ?? n));
  }
  return new Map(nodes.map((n) => [n, addrs.get(n) ?? n]));
}

/**
 * `NodeName=… NodeAddr=…` pairs of `scontrol show node` output (records may span lines).
 *
 * @example parseNodeAddrs(scontrolShowNodeOutput).get('gpu-01') // → '10.0.0.1'
 */
export function parseNodeAddrs(text: string): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  let current: string | undefined;
  for (const token of text.split(/\s+/)) {
    if (token.startsWith('NodeName=')) current = token.slice('NodeName='.length);
    else if (token.startsWith('NodeAddr=') && current !== undefined) {
      const addr = token.slice('NodeAddr='.length);
      if (addr !== '' && addr !== '(null)') out.set(current, addr);
    }
  }
  return out;
}
