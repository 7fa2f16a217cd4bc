import { SrtError } from '../errors.ts';
import type { Nodes } from './types.ts';

/**
 * Node roles of a job (topology.md §7.2): the first node is the head (NATS, etcd, nginx)
 * and runs the benchmark; every node, the head included, is a worker node.
 *
 * @example createNodes(['gpu-01', 'gpu-02']) // { head: 'gpu-01', bench: 'gpu-01', worker: ['gpu-01', 'gpu-02'] }
 */
export function createNodes(nodeList: readonly string[]): Nodes {
  const head = nodeList[0];
  if (head === undefined) {
    throw new SrtError('SRT_SLURM_UNAVAILABLE', 'The job has no nodes: run inside sbatch/salloc, or use `srtctl dry-run --nodes gpu-[01-04]`');
  }
  return { head, bench: head, worker: nodeList };
}
