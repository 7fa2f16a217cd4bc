import { describe, expect, it } from 'vitest';
import { buildFrontendArgs } from './frontend-args.ts';

import { fakeFrontend as frontend } from '../testing/fake-frontend.ts';

describe('buildFrontendArgs', () => {
  it('keeps insertion order and key spelling of the Dynamo args', () => {
    expect(buildFrontendArgs(frontend({ dynamo_frontend_args: { 'router-mode': 'kv', 'router-reset-states': true, z_a: 1, off: false, n: null } }))).toStrictEqual([
      '--router-mode', 'kv', '--router-reset-states', '--z_a', '1',
    ]);
  });

  it('picks the router args in router mode and ignores the Dynamo map', () => {
    const f = frontend({ use_sglang_router: true, sglang_router_args: { policy: 'round_robin', verbose: true, 'cache-threshold': 0.5, l: [1, 2] }, dynamo_frontend_args: { x: 1 } });
    expect(buildFrontendArgs(f)).toStrictEqual(['--policy', 'round_robin', '--verbose', '--cache-threshold', '0.5', '--l', '[1, 2]']);
  });

  it('is empty when the selected map is absent', () => {
    expect(buildFrontendArgs(frontend({ use_sglang_router: true, dynamo_frontend_args: { x: 1 } }))).toStrictEqual([]);
  });

  it('lets the caller force router mode (profiling auto-enables the router)', () => {
    expect(buildFrontendArgs(frontend({ sglang_router_args: { verbose: true } }), true)).toStrictEqual(['--verbose']);
  });
});
