import type { Process, RuntimeContext } from '@srt/core';

/** A frozen runtime for unit tests: nodes n01…, addresses 10.0.0.<i>, cwd /work, job 4242. */
export function fakeRuntime(over: Partial<RuntimeContext> & { readonly nodeCount?: number } = {}): RuntimeContext {
  const { nodeCount = 4, ...rest } = over;
  const names = Array.from({ length: nodeCount }, (_, i) => `n${String(i + 1).padStart(2, '0')}`);
  const logDir = '/work/outputs/4242/logs';
  const pyxis = (rest.containerRuntime ?? 'pyxis') === 'pyxis';
  const base: RuntimeContext = {
    jobId: '4242',
    runName: 'test_4242',
    nodes: { head: names[0]!, bench: names[0]!, worker: names },
    nodeAddrs: new Map(names.map((n, i) => [n, `10.0.0.${i + 1}`])),
    headNodeIp: '10.0.0.1',
    cwd: '/work',
    outputDir: '/work/outputs/4242',
    logDir,
    modelPath: '/models/DeepSeek-R1',
    containerImage: '/c/sglang.sqsh',
    gpusPerNode: 4,
    containerMounts: [
      { host: '/models/DeepSeek-R1', container: '/model' },
      { host: logDir, container: '/logs' },
    ],
    containerRuntime: 'pyxis',
    environment: {},
    srunOptions: {},
    frontendPort: 8000,
    selfCommand: ['node', '/srt/dist/srtctl.mjs'],
    srtctlRoot: '/srt',
    workerPaths: pyxis ? { modelPath: '/model', logDir: '/logs' } : { modelPath: '/models/DeepSeek-R1', logDir },
    warnings: [],
  };
  return { ...base, ...rest };
}

/** A process with sensible defaults (prefill leader on n01, all 4 GPUs). */
export function fakeProcess(over: Partial<Process> = {}): Process {
  const gpuIndices = over.gpuIndices ?? [0, 1, 2, 3];
  return {
    node: 'n01',
    sysPort: 8081,
    httpPort: 30000,
    bootstrapPort: over.endpointMode === undefined || over.endpointMode === 'prefill' ? 31000 : undefined,
    endpointMode: 'prefill',
    endpointIndex: 0,
    nodeRank: 0,
    isLeader: (over.nodeRank ?? 0) === 0,
    ...over,
    gpuIndices,
    cudaVisibleDevices: over.cudaVisibleDevices ?? [...gpuIndices].sort((a, b) => a - b).join(','),
  };
}
