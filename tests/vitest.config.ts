import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@srt/source', 'import', 'default'] } },
  resolve: { conditions: ['@srt/source', 'import', 'default'] },
  test: { name: 'tests', include: ['**/*.test.ts'], exclude: ['**/node_modules/**', 'e2e/**'] },
});
