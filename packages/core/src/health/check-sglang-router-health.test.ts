import { describe, expect, it } from 'vitest';
import { checkSglangRouterHealth } from './check-sglang-router-health.ts';

const stats = (prefill_count: number, decode_count: number, regular_count: number) => ({ workers: [], total: prefill_count + decode_count + regular_count, stats: { prefill_count, decode_count, regular_count } });
const expect_ = (expectedPrefill: number, expectedDecode: number) => ({ expectedPrefill, expectedDecode });

describe('checkSglangRouterHealth', () => {
  it('is ready for a realistic payload with 1 prefill and 2 decode workers', () => {
    const json = {
      workers: [
        { id: 'http://10.66.5.20:30000', url: 'http://10.66.5.20:30000', worker_type: 'decode', is_healthy: true },
        { id: 'http://10.66.5.21:30000', url: 'http://10.66.5.21:30000', worker_type: 'decode', is_healthy: true },
        { id: 'http://10.66.5.14:30000', url: 'http://10.66.5.14:30000', worker_type: 'prefill', is_healthy: true, bootstrap_port: 31000 },
      ],
      total: 3,
      stats: { prefill_count: 1, decode_count: 2, regular_count: 0 },
    };
    expect(checkSglangRouterHealth(json, expect_(1, 2))).toStrictEqual({
      ready: true, message: 'Model is ready. Have 1 prefills and 2 decodes.', prefillReady: 1, prefillExpected: 1, decodeReady: 2, decodeExpected: 2,
    });
  });

  it.each([
    ['exactly the expected 4 prefill and 8 decode', stats(4, 8, 0), expect_(4, 8), 'Model is ready. Have 4 prefills and 8 decodes.', 4, 8],
    ['more than expected', stats(6, 10, 0), expect_(4, 8), 'Model is ready. Have 6 prefills and 10 decodes.', 6, 10],
    ['4 regular (aggregated) workers', stats(0, 0, 4), expect_(0, 4), 'Model is ready. Have 0 prefills and 4 decodes. (4 regular workers)', 0, 4],
    ['4 decode workers for an aggregated plan', stats(0, 4, 0), expect_(0, 4), 'Model is ready. Have 0 prefills and 4 decodes.', 0, 4],
    ['2 decode + 2 regular workers', stats(0, 2, 2), expect_(0, 4), 'Model is ready. Have 0 prefills and 4 decodes. (2 regular workers)', 0, 4],
  ])('is ready with %s', (_case, json, exp, message, prefill, decode) => {
    expect(checkSglangRouterHealth(json, exp)).toStrictEqual({ ready: true, message, prefillReady: prefill, prefillExpected: exp.expectedPrefill, decodeReady: decode, decodeExpected: exp.expectedDecode });
  });

  it.each([
    ['two prefills short', stats(2, 8, 0), expect_(4, 8), 'Model is not ready, waiting for 2 prefills and 0 decodes. Have 2 prefills and 8 decodes.', 2, 8],
    ['five decodes short', stats(4, 3, 0), expect_(4, 8), 'Model is not ready, waiting for 0 prefills and 5 decodes. Have 4 prefills and 3 decodes.', 4, 3],
    ['nothing registered', stats(0, 0, 0), expect_(2, 4), 'Model is not ready, waiting for 2 prefills and 4 decodes. Have 0 prefills and 0 decodes.', 0, 0],
    ['regular workers short', stats(0, 0, 1), expect_(0, 2), 'Model is not ready, waiting for 0 prefills and 1 decodes. Have 0 prefills and 1 decodes. (1 regular workers)', 0, 1],
    ['empty stats', { stats: {} }, expect_(1, 1), 'Model is not ready, waiting for 1 prefills and 1 decodes. Have 0 prefills and 0 decodes.', 0, 0],
  ])('is not ready with %s', (_case, json, exp, message, prefill, decode) => {
    expect(checkSglangRouterHealth(json, exp)).toStrictEqual({ ready: false, message, prefillReady: prefill, prefillExpected: exp.expectedPrefill, decodeReady: decode, decodeExpected: exp.expectedDecode });
  });

  it.each([
    [{ workers: [] }, "Key 'stats' not found in response: {'workers': []}"],
    [{}, "Key 'stats' not found in response: {}"],
  ])('is not ready without a stats key (%j)', (json, message) => {
    expect(checkSglangRouterHealth(json, expect_(1, 1))).toStrictEqual({ ready: false, message, prefillReady: 0, prefillExpected: 0, decodeReady: 0, decodeExpected: 0 });
  });
});
