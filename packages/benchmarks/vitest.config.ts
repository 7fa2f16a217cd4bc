import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@srt/source', 'import', 'default'] } },
  resolve: { conditions: ['@srt/source', 'import', 'default'] },
  test: { name: 'benchmarks', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
