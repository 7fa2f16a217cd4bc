import { defineProject } from 'vitest/config';

/**
 * End-to-end tests with real components: whole deployments of mock workers run by the local
 * executor, and real jobs on the project's SLURM test cluster `tests/slurm/` (started by the global setup,
 * root only). Files run one at a time: deployments bind the same ports and the machine has 2 cores.
 */
export default defineProject({
  ssr: { resolve: { conditions: ['@srt/source', 'import', 'default'] } },
  resolve: { conditions: ['@srt/source', 'import', 'default'] },
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['./support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
