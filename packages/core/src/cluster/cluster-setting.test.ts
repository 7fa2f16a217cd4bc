import { describe, expect, it } from 'vitest';
import { clusterSetting } from './cluster-setting.ts';

describe('clusterSetting', () => {
  it('returns the stored value', () => {
    expect(clusterSetting({ use_gpus_per_node_directive: false } as never, 'use_gpus_per_node_directive', true)).toBe(false);
  });

  it('falls back without a file or for an unset key', () => {
    expect(clusterSetting(undefined, 'srtctl_root', '/opt')).toBe('/opt');
    expect(clusterSetting({} as never, 'network_interface', 'eth0')).toBe('eth0');
  });
});
