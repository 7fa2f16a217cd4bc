import type { DiagnosisRule } from '../rule.ts';

/** The deployment did not become healthy before its deadline; every process was still up. */
export default {
  id: 'health-deadline',
  priority: 60,
  cause: 'Health deadline passed in phase {phase}: {health}',
  next: 'The workers that did not register are still starting or stuck: read their logs (`srtctl logs <job> decode_0`); if they were just slow (large model, CUDA graphs), raise health_check.max_attempts or interval_seconds.',
  when: { outcomes: ['unhealthy', 'error'] },
  logs: {
    patterns: ['SRT_HEALTH_TIMEOUT', 'Server did not become healthy', 'did not become healthy', 'health deadline', 'Model not ready after \\d+'],
    in: 'orchestrator',
  },
} as const satisfies DiagnosisRule;
