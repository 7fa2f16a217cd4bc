import { describe, expect, it } from 'vitest';
import { describeUnhealthy, probeWorkers } from './unhealthy-workers.ts';

const worker = (mode: string, index: number, node: string, httpPort = 30000) => ({
  node, gpuIndices: [0], sysPort: 8081, httpPort, bootstrapPort: undefined, endpointMode: mode, endpointIndex: index, nodeRank: 0, isLeader: true, cudaVisibleDevices: '0',
});

const plan = {
  runtime: { nodeAddrs: new Map([['n1', '10.0.0.1'], ['n2', '10.0.0.2']]) },
  deployment: { workers: [worker('prefill', 0, 'n1'), worker('decode', 0, 'n2'), { ...worker('decode', 0, 'n2'), isLeader: false, httpPort: 0 }] },
} as never;

describe('probeWorkers / describeUnhealthy', () => {
  it('names the worker that does not answer 200 and its last status', async () => {
    const fetch = async (url: string): Promise<Response> => {
      if (url.includes('10.0.0.1')) return new Response('{"status":"starting"}', { status: 503 });
      return new Response('{"status":"ok"}', { status: 200 });
    };
    const probes = await probeWorkers({ plan, env: { fetch } });
    expect(probes.map((p) => p.worker)).toStrictEqual(['prefill_0', 'decode_0']);
    expect(describeUnhealthy(probes)).toStrictEqual(['Worker prefill_0 on n1 is not healthy: http://10.0.0.1:30000/health → HTTP 503 {"status":"starting"}']);
  });

  it('reports a worker that does not answer at all, and says so when every worker is fine', async () => {
    const refused = async (): Promise<Response> => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    };
    expect(describeUnhealthy(await probeWorkers({ plan, env: { fetch: refused } }))[0]).toBe('Worker prefill_0 on n1 is not healthy: http://10.0.0.1:30000/health → no answer: ECONNREFUSED');
    const ok = async (): Promise<Response> => new Response('', { status: 200 });
    expect(describeUnhealthy(await probeWorkers({ plan, env: { fetch: ok } }))[0]).toMatch(/^Every worker answers its own \/health with 200 \(prefill_0, decode_0\), but the frontend/);
  });
});
