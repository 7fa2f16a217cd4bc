import { shellJoin } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { fakeFrontend } from '../testing/fake-frontend.ts';
import { buildSglangRouterCommand } from './sglang-router.ts';

describe('buildSglangRouterCommand', () => {
  it('reproduces the example of backends.md §7', () => {
    const argv = buildSglangRouterCommand({
      targets: { prefill: [{ url: 'http://10.0.0.1:30000', bootstrapPort: 31000 }], decode: ['http://10.0.0.3:30000', 'http://10.0.0.4:30000'], agg: [] },
      port: 8080,
      frontend: fakeFrontend({ use_sglang_router: true, sglang_router_args: { policy: 'cache_aware', verbose: true } }),
    });
    expect(shellJoin(argv)).toBe(
      'python -m sglang_router.launch_router --pd-disaggregation --prefill http://10.0.0.1:30000 31000 --decode http://10.0.0.3:30000 --decode http://10.0.0.4:30000 --host 0.0.0.0 --port 8080 --policy cache_aware --verbose',
    );
  });

  it('sends aggregated workers as regular worker URLs without --pd-disaggregation (quirk B3 fixed)', () => {
    const argv = buildSglangRouterCommand({
      targets: { prefill: [], decode: [], agg: ['http://10.0.0.1:30000', 'http://10.0.0.1:30001'] },
      port: 8000,
      frontend: fakeFrontend({ use_sglang_router: true }),
    });
    expect(shellJoin(argv)).toBe('python -m sglang_router.launch_router --worker-urls http://10.0.0.1:30000 http://10.0.0.1:30001 --host 0.0.0.0 --port 8000');
  });

  it('keeps --pd-disaggregation when there are no workers at all', () => {
    expect(buildSglangRouterCommand({ targets: { prefill: [], decode: [], agg: [] }, port: 8000, frontend: fakeFrontend() })).toStrictEqual([
      'python', '-m', 'sglang_router.launch_router', '--pd-disaggregation', '--host', '0.0.0.0', '--port', '8000',
    ]);
  });

  it('ignores the Dynamo args', () => {
    const argv = buildSglangRouterCommand({ targets: { prefill: [], decode: ['http://a:1'], agg: [] }, port: 8000, frontend: fakeFrontend({ dynamo_frontend_args: { 'router-mode': 'kv' } }) });
    expect(argv.includes('--router-mode')).toBe(false);
  });
});
