import { describe, expect, it } from 'vitest';
import { fakeRuntime } from '../testing/fake-runtime.ts';
import { nodeAddress } from './node-address.ts';

describe('nodeAddress', () => {
  it('reads the address resolved at the edge', () => {
    expect(nodeAddress(fakeRuntime(), 'n03')).toBe('10.0.0.3');
  });

  it('treats a node without an address as a bug, never looking it up', () => {
    expect(() => nodeAddress(fakeRuntime(), 'elsewhere')).toThrowErrorMatchingInlineSnapshot(`[Error: no address for node "elsewhere" in runtime.nodeAddrs (readCluster resolves every node)]`);
  });
});
