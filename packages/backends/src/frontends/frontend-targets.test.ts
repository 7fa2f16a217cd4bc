import { describe, expect, it } from 'vitest';
import { fakeProcess, fakeRuntime } from '../testing/fake-runtime.ts';
import { collectFrontendTargets } from './frontend-targets.ts';

describe('collectFrontendTargets', () => {
  const processes = [
    fakeProcess({ node: 'n01', nodeRank: 0, httpPort: 30000, bootstrapPort: 31000 }),
    fakeProcess({ node: 'n02', nodeRank: 1, httpPort: 0, bootstrapPort: 31000 }),
    fakeProcess({ node: 'n03', endpointMode: 'decode', nodeRank: 0, httpPort: 30000 }),
    fakeProcess({ node: 'n03', endpointMode: 'decode', endpointIndex: 1, nodeRank: 0, httpPort: 30001 }),
    fakeProcess({ node: 'n04', endpointMode: 'agg', nodeRank: 0, httpPort: 30000 }),
  ];

  it('lists leaders only, in process order, by node address', () => {
    expect(collectFrontendTargets(processes, fakeRuntime())).toStrictEqual({
      prefill: [{ url: 'http://10.0.0.1:30000', bootstrapPort: 31000 }],
      decode: ['http://10.0.0.3:30000', 'http://10.0.0.3:30001'],
      agg: ['http://10.0.0.4:30000'],
    });
  });

  it("takes each prefill leader's bootstrap port from the backend", () => {
    expect(collectFrontendTargets(processes, fakeRuntime(), () => 30001).prefill).toStrictEqual([{ url: 'http://10.0.0.1:30000', bootstrapPort: 30001 }]);
  });
});
