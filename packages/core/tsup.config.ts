import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.ts';

// yaml is bundled in, from its ESM build: its CommonJS build (what Node's `import 'yaml'`
// loads) is ~70 files that took ~45 ms at every `srtctl` start; bundled it is one chunk.
// valibot is one ESM file and stays an ordinary dependency.
const yamlEsm = join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser', 'index.js');

export default defineConfig({
  ...baseConfig,
  entry: ['src/index.ts', 'src/env-index.ts'],
  splitting: true,
  noExternal: ['yaml'],
  esbuildOptions(options) {
    options.alias = { yaml: yamlEsm };
  },
});
