import { describe, expect, it } from 'vitest';
import { checkDynamoHealth } from './check-dynamo-health.ts';

const instance = (component: string, endpoint = 'generate') => ({ endpoint, component, namespace: 'dynamo', instance_id: 1 });
const instances = (...components: string[]) => ({ status: 'healthy', instances: components.map((c) => instance(c)) });
const expect_ = (expectedPrefill: number, expectedDecode: number) => ({ expectedPrefill, expectedDecode });

describe('checkDynamoHealth', () => {
  it('is ready when 2 prefill and 3 decode generate instances are registered, as expected', () => {
    expect(checkDynamoHealth(instances('prefill', 'prefill', 'decode', 'decode', 'decode'), expect_(2, 3))).toStrictEqual({
      ready: true,
      message: 'Model is ready. Have 2 prefills and 3 decodes.',
      prefillReady: 2, prefillExpected: 2, decodeReady: 3, decodeExpected: 3,
    });
  });

  it.each([
    ['one prefill short', instances('prefill', 'decode', 'decode'), expect_(2, 2), 'Model is not ready, waiting for 1 prefills and 0 decodes. Have 1 prefills and 2 decodes.', [1, 2, 2, 2]],
    ['three decodes short', instances('prefill', 'prefill', 'decode'), expect_(2, 4), 'Model is not ready, waiting for 0 prefills and 3 decodes. Have 2 prefills and 1 decodes.', [2, 2, 1, 4]],
    ['nothing registered', instances(), expect_(1, 1), 'Model is not ready, waiting for 1 prefills and 1 decodes. Have 0 prefills and 0 decodes.', [0, 1, 0, 1]],
    ['one aggregated backend of two', instances('backend'), expect_(0, 2), 'Model is not ready, waiting for 0 prefills and 1 decodes. Have 0 prefills and 1 decodes.', [0, 0, 1, 2]],
    ['more prefills than expected but decodes missing (clamped at 0, quirk H1)', instances('prefill', 'prefill', 'prefill'), expect_(2, 1), 'Model is not ready, waiting for 0 prefills and 1 decodes. Have 3 prefills and 0 decodes.', [3, 2, 0, 1]],
  ])('is not ready with %s', (_case, json, exp, message, [pr, pe, dr, de]) => {
    expect(checkDynamoHealth(json, exp)).toStrictEqual({ ready: false, message, prefillReady: pr, prefillExpected: pe, decodeReady: dr, decodeExpected: de });
  });

  it.each([
    ['2 backends for 2 aggregated workers', instances('backend', 'backend'), expect_(0, 2), 0, 2],
    ['4 backends for 4 aggregated workers', instances('backend', 'backend', 'backend', 'backend'), expect_(0, 4), 0, 4],
    ['more workers than expected', instances('prefill', 'prefill', 'decode', 'decode'), expect_(1, 1), 2, 2],
  ])('is ready with %s', (_case, json, exp, prefill, decode) => {
    const r = checkDynamoHealth(json, exp);
    expect([r.ready, r.prefillReady, r.decodeReady]).toStrictEqual([true, prefill, decode]);
  });

  it('counts only generate endpoints and known components', () => {
    const json = { instances: [instance('prefill'), instance('decode'), instance('prefill', 'other'), instance('decode', 'clear_kv_blocks'), instance('router'), 'junk', null] };
    expect(checkDynamoHealth(json, expect_(1, 1)).message).toBe('Model is ready. Have 1 prefills and 1 decodes.');
  });

  it.each([
    [{ status: 'ok' }, "Key 'instances' not found in response: {'status': 'ok'}"],
    [{}, "Key 'instances' not found in response: {}"],
    [{ status: 'ok', n: 1.5, up: true, none: null, list: [1, 'a'] }, "Key 'instances' not found in response: {'status': 'ok', 'n': 1.5, 'up': True, 'none': None, 'list': [1, 'a']}"],
    [[1, 2], "Key 'instances' not found in response: [1, 2]"],
    ['instances', "Key 'instances' not found in response: 'instances'"],
  ])('is not ready without an instances key (%j), printing the response as Python would', (json, message) => {
    expect(checkDynamoHealth(json, expect_(1, 1))).toStrictEqual({ ready: false, message, prefillReady: 0, prefillExpected: 0, decodeReady: 0, decodeExpected: 0 });
  });
});
