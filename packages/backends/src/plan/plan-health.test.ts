import { describe, expect, it } from 'vitest';
import { fakeRuntime } from '../testing/fake-runtime.ts';
import { planHealth } from './plan-health.ts';

describe('planHealth', () => {
  const hc = { health_check: { max_attempts: 180, interval_seconds: 10, head_services_timeout_seconds: 1200, frontend_timeout_seconds: 600 } };

  it.each([
    ['Dynamo, disaggregated', { numPrefill: 2, numDecode: 4, numAgg: 0, useSglangRouter: false }, ['http://10.0.0.1:8000/health', 'dynamo', 2, 4]],
    ['router, disaggregated', { numPrefill: 1, numDecode: 1, numAgg: 0, useSglangRouter: true }, ['http://10.0.0.1:8000/workers', 'sglang-router', 1, 1]],
    ['aggregated ignores prefill/decode counts', { numPrefill: 3, numDecode: 3, numAgg: 2, useSglangRouter: false }, ['http://10.0.0.1:8000/health', 'dynamo', 0, 2]],
  ] as const)('%s', (_n, counts, [url, format, p, d]) => {
    expect(planHealth(hc, fakeRuntime(), { publicPort: 8000 }, counts)).toStrictEqual({
      url, format, expectedPrefill: p, expectedDecode: d, intervalMs: 10_000, timeoutMs: 1_800_000,
      headServicesTimeoutMs: 1_200_000, frontendTimeoutMs: 600_000, benchmarkTimeoutMs: undefined,
    });
  });

  it('bounds the benchmark when benchmark_timeout_seconds is set', () => {
    const counts = { numPrefill: 1, numDecode: 1, numAgg: 0, useSglangRouter: false };
    expect(planHealth({ health_check: { ...hc.health_check, benchmark_timeout_seconds: 3600 } }, fakeRuntime(), { publicPort: 8000 }, counts).benchmarkTimeoutMs).toBe(3_600_000);
  });
});
