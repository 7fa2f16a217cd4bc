import { shellJoin } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { fakeFrontend } from '../testing/fake-frontend.ts';
import { fakeRuntime } from '../testing/fake-runtime.ts';
import { buildDynamoFrontendCommand, buildDynamoFrontendEnvironment } from './dynamo-frontend.ts';

describe('buildDynamoFrontendCommand', () => {
  it('reproduces the example of backends.md §6', () => {
    const f = fakeFrontend({ dynamo_frontend_args: { 'router-mode': 'kv', 'router-reset-states': true }, sglang_router_args: { policy: 'x' } });
    expect(shellJoin(buildDynamoFrontendCommand(8080, f))).toBe('python3 -m dynamo.frontend --http-port=8080 --router-mode kv --router-reset-states');
  });
});

describe('buildDynamoFrontendEnvironment', () => {
  it('points at etcd and NATS on the head by hostname', () => {
    expect(buildDynamoFrontendEnvironment(fakeRuntime())).toStrictEqual([
      ['ETCD_ENDPOINTS', 'http://n01:2379'],
      ['NATS_SERVER', 'nats://n01:4222'],
    ]);
  });
});
