import { expandHostlist, SrtError } from '@srt/core';

/**
 * The nodes of `--nodes 'gpu-[01-04]'`: core's host-list expansion, plus the checks a
 * hand-typed list needs (at least one node, none twice).
 */
export function parseNodeList(hostlist: string): readonly string[] {
  const names = expandHostlist(hostlist);
  const bad = (why: string): SrtError =>
    new SrtError('SRT_USAGE', `cannot use the node list ${JSON.stringify(hostlist)}: ${why} (write it like "gpu-[01-04]" or "n1,n2")`);
  if (names.length === 0) throw bad('it names no node');
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw bad(`node ${n} is listed twice`);
    seen.add(n);
  }
  return names;
}

/** `node-01 … node-NN`: the nodes of a dry-run without `--nodes`. */
export function syntheticNodes(count: number): readonly string[] {
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => `node-${String(i + 1).padStart(width, '0')}`);
}
