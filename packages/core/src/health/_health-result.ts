import { pyRepr, pyStr } from '../format/py-str.ts';
import type { ExpectedWorkers, WorkerHealthResult } from './worker-health-result.ts';

/** The ready / not-ready message shared by both checkers; "waiting for" numbers never go below 0 (quirk H1). */
export function healthResult(prefill: number, decode: number, { expectedPrefill, expectedDecode }: ExpectedWorkers, suffix = ''): WorkerHealthResult {
  const ready = prefill >= expectedPrefill && decode >= expectedDecode;
  const have = `Have ${pyStr(prefill)} prefills and ${pyStr(decode)} decodes.${suffix}`;
  const message = ready
    ? `Model is ready. ${have}`
    : `Model is not ready, waiting for ${pyStr(Math.max(0, expectedPrefill - prefill))} prefills and ${pyStr(Math.max(0, expectedDecode - decode))} decodes. ${have}`;
  return { ready, message, prefillReady: prefill, prefillExpected: expectedPrefill, decodeReady: decode, decodeExpected: expectedDecode };
}

/**
 * A not-ready result for a response without the key a checker reads. Like the reference,
 * every count (the expected ones too) is 0 here.
 */
export function missingKey(key: string, json: unknown): WorkerHealthResult {
  return {
    ready: false,
    message: `Key '${key}' not found in response: ${pyRepr(json)}`,
    prefillReady: 0,
    prefillExpected: 0,
    decodeReady: 0,
    decodeExpected: 0,
  };
}
