import { pyStr } from '../format/py-str.ts';
import { isMap } from '../_is-map.ts';
import { healthResult, missingKey } from './_health-result.ts';
import type { ExpectedWorkers, WorkerHealthResult } from './worker-health-result.ts';

/**
 * Reads an SGLang router's `GET /workers` JSON (health.md §3): only `stats` counts.
 * Decode readiness is `decode_count + regular_count` (aggregated workers report as
 * regular); the message notes regular workers when there are any.
 *
 * @example
 * checkSglangRouterHealth({ stats: { prefill_count: 0, decode_count: 0, regular_count: 4 } }, { expectedPrefill: 0, expectedDecode: 4 }).message
 * // → 'Model is ready. Have 0 prefills and 4 decodes. (4 regular workers)'
 */
export function checkSglangRouterHealth(json: unknown, expected: ExpectedWorkers): WorkerHealthResult {
  if (!isMap(json) || !('stats' in json)) return missingKey('stats', json);
  const stats = isMap(json['stats']) ? json['stats'] : {};
  const prefill = count(stats['prefill_count']);
  const regular = count(stats['regular_count']);
  const decode = count(stats['decode_count']) + regular;
  return healthResult(prefill, decode, expected, regular > 0 ? ` (${pyStr(regular)} regular workers)` : '');
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
