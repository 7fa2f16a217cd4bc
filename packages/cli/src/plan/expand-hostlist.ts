import { SrtError } from '@srt/core';

function splitTop(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of list) {
    if (ch === '[') depth += 1;
    if (ch === ']') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function expandRange(item: string, hostlist: string): string[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(item.trim());
  if (m === null) throw bad(hostlist, `"${item}" is not a number or a range like 01-04`);
  const [from, to = from] = [m[1]!, m[2]];
  const a = Number(from);
  const b = Number(to);
  if (b < a) throw bad(hostlist, `range ${item} goes backwards`);
  if (b - a > 4096) throw bad(hostlist, `range ${item} has more than 4096 nodes`);
  return Array.from({ length: b - a + 1 }, (_, i) => String(a + i).padStart(from.length, '0'));
}

function bad(hostlist: string, why: string): SrtError {
  return new SrtError('SRT_USAGE', `cannot read the node list ${JSON.stringify(hostlist)}: ${why} (write it like "gpu-[01-04]" or "n1,n2")`);
}

/**
 * Expands a SLURM host list (`gpu-[01-04,07],login1`) into node names, as
 * `scontrol show hostnames` does, keeping the zero padding of each range.
 */
export function expandHostlist(hostlist: string): readonly string[] {
  const names: string[] = [];
  for (const part of splitTop(hostlist)) {
    const m = /^([^[\]]*)\[([^\]]*)\]([^[\]]*)$/.exec(part);
    if (m === null) {
      if (/[[\]\s]/.test(part)) throw bad(hostlist, `"${part}" has unbalanced brackets or spaces`);
      names.push(part);
      continue;
    }
    for (const item of m[2]!.split(',')) for (const n of expandRange(item, hostlist)) names.push(`${m[1]}${n}${m[3]}`);
  }
  if (names.length === 0) throw bad(hostlist, 'it names no node');
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw bad(hostlist, `node ${dup} is listed twice`);
  return names;
}

/** `node-01 … node-NN`: the stand-in allocation of dry-run and validate. */
export function syntheticNodes(count: number): readonly string[] {
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => `node-${String(i + 1).padStart(width, '0')}`);
}
