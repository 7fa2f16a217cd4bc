import type { DiagnosisRule } from '../rule.ts';

/** A collective operation or NCCL bootstrap timed out (a peer died or the network between nodes is not usable). */
export default {
  id: 'nccl-timeout',
  priority: 32,
  cause: 'NCCL timed out in {process} on {node}: {match}',
  next: 'Check the inter-node network for NCCL (NCCL_SOCKET_IFNAME / NCCL_IB_HCA, run with NCCL_DEBUG=INFO); if another rank died first, its log has the real cause. A slow first step may need a longer NCCL timeout (--dist-timeout).',
  logs: {
    patterns: [
      'Watchdog caught collective operation timeout',
      'ProcessGroupNCCL.*(timed? ?out|Timeout)',
      'NCCL (WARN|INFO).*(timeout|timed out)',
      'NCCL error.*(remote process exited|unhandled system error|Timeout)',
      'ncclSystemError|ncclRemoteError',
      'torch\\.distributed\\.DistNetworkError.*(timed out|Timeout)',
      'DistStoreError: .*Timed out',
    ],
    in: 'process',
  },
} as const satisfies DiagnosisRule;
