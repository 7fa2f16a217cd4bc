import type { DiagnosisRule } from '../rule.ts';

/** The KV-cache transfer between prefill and decode (NIXL/UCX, bootstrap) timed out or failed. */
export default {
  id: 'nixl-timeout',
  priority: 33,
  cause: 'KV transfer (NIXL) failed in {process} on {node}: {match}',
  next: 'Check that prefill and decode nodes reach each other on the transfer network (UCX_NET_DEVICES / UCX_TLS, NIXL backend), and that the bootstrap port is reachable; run with UCX_LOG_LEVEL=info.',
  logs: {
    patterns: [
      'NIXL_ERR_\\w+',
      'nixl.*(timed out|timeout)',
      'KV transfer (failed|timed out)',
      'Bootstrap (failed|timed out)|bootstrap server.*(timed out|unreachable)',
      'KVTransferError',
      'UCX\\s+ERROR.*(timed out|Connection reset|Destination is unreachable)',
    ],
    in: 'process',
  },
} as const satisfies DiagnosisRule;
