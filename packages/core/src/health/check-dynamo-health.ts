import { isMap } from '../_is-map.ts';
import { healthResult, missingKey } from './_health-result.ts';
import type { ExpectedWorkers, WorkerHealthResult } from './worker-health-result.ts';

/**
 * Reads a Dynamo frontend's `GET /health` JSON (health.md §2): counts `instances` whose
 * `endpoint` is `generate`, by `component` (`prefill`; `decode` and `backend`, which is how
 * aggregated workers register, count as decode). Ready when both counts reach the
 * expected ones; more is fine.
 *
 * @example
 * checkDynamoHealth(await res.json(), { expectedPrefill: 2, expectedDecode: 4 }).message
 * // → 'Model is not ready, waiting for 1 prefills and 0 decodes. Have 1 prefills and 4 decodes.'
 */
export function checkDynamoHealth(json: unknown, expected: ExpectedWorkers): WorkerHealthResult {
  if (!isMap(json) || !('instances' in json)) return missingKey('instances', json);
  const instances = json['instances'];
  let prefill = 0;
  let decode = 0;
  for (const instance of Array.isArray(instances) ? instances : []) {
    if (!isMap(instance) || instance['endpoint'] !== 'generate') continue;
    const component = instance['component'];
    if (component === 'prefill') prefill += 1;
    else if (component === 'decode' || component === 'backend' || component === 'tensorrt_llm') decode += 1;
  }
  return healthResult(prefill, decode, expected);
}
