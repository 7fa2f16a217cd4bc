import type { DiagnosisRule } from '../rule.ts';

/** NATS or etcd on the head node never accepted connections, so nothing else was started. */
export default {
  id: 'head-service-down',
  priority: 40,
  cause: 'A head service never came up: {match}',
  next: 'Read its log (nats.log / etcd.log in the job log folder): a wrong nats_binary/etcd_binary path in srtslurm.yaml, a port held on the head node (4222/2379), or a data directory that cannot be written.',
  when: { phases: ['head-services'] },
  logs: {
    patterns: ['(NATS|etcd) failed to start', 'SRT_HEALTH_TIMEOUT.*(head|NATS|etcd)', '(NATS|etcd).*(did not answer|not ready after)'],
    in: 'orchestrator',
  },
} as const satisfies DiagnosisRule;
