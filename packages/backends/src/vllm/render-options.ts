import { pyStr } from '@srt/core';
import { configToCliArgs } from '../sglang/config-to-cli-args.ts';

const isMap = (x: unknown): boolean => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * A vLLM option map as flags (engines.md §3.2): the SGLang rules (sorted by raw key, `_`→`-`,
 * `true` → bare flag, `false`/null dropped, lists expanded, Python `str()`), except that maps
 * and lists of maps render as compact JSON (E6), which vLLM's JSON-valued flags
 * (`--kv-transfer-config`, `--compilation-config`, `--speculative-config`) accept.
 */
export function vllmOptionArgs(options: Readonly<Record<string, unknown>>): string[] {
  return configToCliArgs(options, (x) => (isMap(x) ? JSON.stringify(x) : pyStr(x)));
}

/** Removes `kebab` and its snake spelling from a map (in place). */
export function dropKey(map: Record<string, unknown>, kebab: string, bothSpellings = true): void {
  delete map[kebab];
  if (bothSpellings) delete map[kebab.replaceAll('-', '_')];
}
