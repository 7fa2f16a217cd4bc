import { computeFrontendTopology, createRuntimeContext, parseConfig, readCluster, renderNginxConf, type ClusterInfo } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { GB200_NVL72, H100_RACK, rackEnv } from '../fixtures/clusters.ts';

/** tests.md §4's config: test-config, 8 GPUs/node, 1 prefill + 1 decode node (one worker each: ours rejects missing counts, C7). */
function testConfig(frontend: string) {
  return parseConfig(
    `name: test-config
model: { path: test-model, container: test.sqsh, precision: fp16 }
resources: { gpu_type: a100, gpus_per_node: 8, prefill_nodes: 1, decode_nodes: 1, prefill_workers: 1, decode_workers: 1 }
frontend: ${frontend}
`,
    { source: 'test-config.yaml' },
  ).config;
}

/** IP lookup as in the upstream test: `10.0.0.<last char of the node name>`. */
const clusterOf = (nodes: readonly string[]): ClusterInfo => ({ jobId: '12345', nodes, nodeAddrs: new Map(nodes.map((n) => [n, `10.0.0.${n.at(-1)}`])) });
const opts = { cwd: '/tmp/job', vars: {}, selfCommand: ['node', 'srtctl.mjs'], srtctlRoot: '/srt' };

function nginxFor(nodes: readonly string[]): string {
  const runtime = createRuntimeContext(testConfig('{}'), clusterOf(nodes), opts);
  const topology = computeFrontendTopology(runtime.nodes, testConfig('{}').frontend);
  const upstreams = topology.frontendNodes.map((n) => ({ host: runtime.nodeAddrs.get(n) ?? n, port: topology.frontendPort }));
  return renderNginxConf({ upstreams, listenPort: topology.publicPort });
}

describe('frontend topology over a runtime context', () => {
  it('puts nginx on the head and one frontend per other node (3 nodes)', () => {
    const runtime = createRuntimeContext(testConfig('{}'), clusterOf(['node0', 'node1', 'node2']), opts);
    expect(computeFrontendTopology(runtime.nodes, testConfig('{}').frontend)).toStrictEqual({
      nginxNode: 'node0', frontendNodes: ['node1', 'node2'], frontendPort: 8080, publicPort: 8000, usesNginx: true,
    });
  });

  it('keeps a single frontend on the head when multiple frontends are disabled (4 nodes)', () => {
    const config = testConfig('{ enable_multiple_frontends: false }');
    const runtime = createRuntimeContext(config, clusterOf(['node0', 'node1', 'node2', 'node3']), opts);
    expect(computeFrontendTopology(runtime.nodes, config.frontend)).toStrictEqual({ nginxNode: undefined, frontendNodes: ['node0'], frontendPort: 8000, publicPort: 8000, usesNginx: false });
  });

  it('writes an nginx upstream with the one frontend of two nodes', () => {
    const conf = nginxFor(['node0', 'node1']);
    expect(conf).toContain('server 10.0.0.1:8080;');
    expect(conf).toContain('listen 8000;');
  });

  it('writes three upstream servers for frontends node1..node3', () => {
    const servers = nginxFor(['node0', 'node1', 'node2', 'node3']).split('\n').filter((l) => /^\s+server \S+;$/.test(l)).map((l) => l.trim());
    expect(servers).toStrictEqual(['server 10.0.0.1:8080;', 'server 10.0.0.2:8080;', 'server 10.0.0.3:8080;']);
  });
});

describe('readCluster on the mocked racks', () => {
  it.each([
    ['H100Rack', H100_RACK, '67890', 13, 'h100-01', 'h100-13'],
    ['GB200NVLRack', GB200_NVL72, '12345', 18, 'gb200-01', 'gb200-18'],
  ])('reads %s through the fake scontrol', async (_name, rack, jobId, count, first, last) => {
    const cluster = await readCluster(rackEnv(rack));
    expect([cluster.jobId, cluster.nodes.length, cluster.nodes[0], cluster.nodes.at(-1)]).toStrictEqual([jobId, count, first, last]);
    expect(cluster.nodes).toStrictEqual(rack.nodes);
    expect(cluster.nodeAddrs.get(first)).toBe(first);
  });

  it('uses DNS answers for node addresses when scontrol show node is unavailable', async () => {
    const cluster = await readCluster(rackEnv(H100_RACK, { 'h100-01': '10.52.0.1' }));
    expect([cluster.nodeAddrs.get('h100-01'), cluster.nodeAddrs.get('h100-02')]).toStrictEqual(['10.52.0.1', 'h100-02']);
  });

  it('gives the runtime context the head address', async () => {
    const cluster = await readCluster(rackEnv(GB200_NVL72, { 'gb200-01': '10.66.5.1' }));
    const runtime = createRuntimeContext(testConfig('{}'), cluster, { ...opts, vars: GB200_NVL72.vars });
    expect([runtime.runName, runtime.headNodeIp, runtime.nodes.worker.length]).toStrictEqual(['test-config_12345', '10.66.5.1', 18]);
  });
});
