import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const define = { __SRTCTL_VERSION__: JSON.stringify(version) };

export default defineConfig([
  // The library and the `srtctl` bin, dependencies external (the npm install).
  { ...baseConfig, entry: ['src/index.ts', 'src/bin.ts'], define },
  // dist/srtctl.mjs: ONE self-contained file (every dependency inlined) that batch jobs and
  // remote nodes run with plain `node`, with no node_modules and no install step.
  {
    ...baseConfig,
    entry: { srtctl: 'src/bin.ts' },
    outExtension: () => ({ js: '.mjs' }),
    noExternal: [/.*/],
    dts: false,
    clean: false,
    sourcemap: false,
    define,
    banner: { js: "import { createRequire as __srtctlCreateRequire } from 'node:module'; const require = __srtctlCreateRequire(import.meta.url);" },
    esbuildOptions(options) {
      options.conditions = ['@srt/source', 'node', 'import', 'default'];
      options.mainFields = ['module', 'main'];
    },
  },
]);
