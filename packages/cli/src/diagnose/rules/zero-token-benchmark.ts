import type { DiagnosisRule } from '../rule.ts';

/** The deployment was healthy but the benchmark got no token back (every request failed or came back empty). */
export default {
  id: 'zero-token-benchmark',
  priority: 70,
  cause: 'The benchmark produced zero tokens (the deployment was healthy)',
  next: 'Send one request by hand (`curl <endpoint>/v1/completions …` with the served model name) and read the workers\' logs for errors; check benchmark settings (model name, chat template, isl/osl).',
  when: { outcomes: ['benchmark-failed', 'succeeded'] },
  anyOf: [
    { when: { zeroTokens: true } },
    {
      logs: {
        patterns: ['generated no tokens', 'Initial test run failed', 'the initial test request failed', '"total_output_tokens":\\s*0[,}]', 'Successful requests:\\s+0$', 'Total generated tokens:\\s+0$'],
        roles: ['benchmark'],
      },
    },
  ],
} as const satisfies DiagnosisRule;
