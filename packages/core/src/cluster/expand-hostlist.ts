import { SrtError } from '../errors.ts';

/** More names than this from one host list is a typo, not a cluster. */
const MAX_HOSTS = 1_000_000;

/**
 * Expands a SLURM host list into node names, as `scontrol show hostnames` does: comma
 * separated entries, bracket groups of numbers and ranges (`[01-04,07]`) keeping each
 * range's zero padding, and several groups in one name (`r[1-2]n[01-02]` → r1n01, r1n02,
 * r2n01, r2n02). Pure; whitespace around entries is ignored.
 *
 * @example expandHostlist('gpu-[01-03,07],login') // ['gpu-01', 'gpu-02', 'gpu-03', 'gpu-07', 'login']
 */
export function expandHostlist(hostlist: string): string[] {
  const names: string[] = [];
  for (const entry of splitTopLevel(hostlist, hostlist)) {
    let expanded = [''];
    for (const piece of entry.match(/\[[^\]]*\]|[^[\]]+|[[\]]/g) ?? []) {
      if (piece === '[' || piece === ']') throw invalid(hostlist, `unbalanced bracket in "${entry}"`);
      const options = piece.startsWith('[') ? expandGroup(piece.slice(1, -1), hostlist) : [piece];
      if (expanded.length * options.length > MAX_HOSTS) throw invalid(hostlist, `it expands to more than ${MAX_HOSTS} names`);
      expanded = expanded.flatMap((prefix) => options.map((o) => prefix + o));
    }
    names.push(...expanded);
    if (names.length > MAX_HOSTS) throw invalid(hostlist, `it expands to more than ${MAX_HOSTS} names`);
  }
  return names;
}

/** Splits on commas outside brackets, dropping empty entries. */
function splitTopLevel(list: string, hostlist: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === '[') depth += 1;
    else if (ch === ']') depth -= 1;
    if (depth < 0 || depth > 1) throw invalid(hostlist, 'brackets must not nest or close before they open');
    if (ch === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw invalid(hostlist, 'a bracket is not closed');
  parts.push(list.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function expandGroup(group: string, hostlist: string): string[] {
  const out: string[] = [];
  for (const item of group.split(',')) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(item);
    if (m === null) throw invalid(hostlist, `"${item}" is not a number or a range like 01-04`);
    const lo = m[1] as string;
    const hi = m[2] ?? lo;
    const a = Number(lo);
    const b = Number(hi);
    if (b < a) throw invalid(hostlist, `the range ${lo}-${hi} goes backwards`);
    if (b - a >= MAX_HOSTS) throw invalid(hostlist, `it expands to more than ${MAX_HOSTS} names`);
    for (let n = a; n <= b; n++) out.push(String(n).padStart(lo.length, '0'));
  }
  return out;
}

function invalid(hostlist: string, why: string): SrtError {
  return new SrtError('SRT_USAGE', `Cannot expand the host list ${JSON.stringify(hostlist)}: ${why}. Write it like "gpu-[01-04,07],login1".`);
}
