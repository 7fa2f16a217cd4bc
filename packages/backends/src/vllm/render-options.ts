import { pyStr } from '@srt/core';
import { compareCodePoints } from '../sglang/config-to-cli-args.ts';

const isMap = (x: unknown): boolean => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * A vLLM option map as flags (engines.md §3.2): the SGLang rules (sorted by raw key, `_`→`-`,
 * `true` → bare flag, `false`/null dropped, lists expanded, Python `str()`), except that maps
 * and lists of maps render as compact JSON (E6), which vLLM's JSON-valued flags
 * (`--kv-transfer-config`, `--compilation-config`, `--speculative-config`) accept.
 */
export function vllmOptionArgs(options: Readonly<Record<string, unknown>>): string[] {
  const keys = Object.keys(options).sort(compareCodePoints);
  const args: string[] = [];
  for (const key of keys) {
    const value = options[key];
    const flag = `--${key.replaceAll('_', '-')}`;
    if (value === true) args.push(flag);
    else if (value === false || value === null || value === undefined) continue;
    else if (isMap(value)) args.push(flag, JSON.stringify(value));
    else if (Array.isArray(value)) args.push(flag, ...value.map((x: unknown) => (isMap(x) ? JSON.stringify(x) : pyStr(x))));
    else args.push(flag, pyStr(value));
  }
  return args;
}

/** Removes `kebab` and its snake spelling from a map (in place). */
export function dropKey(map: Record<string, unknown>, kebab: string, bothSpellings = true): void {
  delete map[kebab];
  if (bothSpellings) delete map[kebab.replaceAll('-', '_')];
}
