import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';
import { baseConfig } from '../../tsup.base.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const define = { __SRTCTL_VERSION__: JSON.stringify(version) };

// The library and the `srtctl` bin, dependencies external (the npm install). Split into
// chunks so each command's module, and the packages only it imports, load when it runs
// (without splitting esbuild hoists every external import to the top of bin.js).
const library: Options = { ...baseConfig, entry: ['src/index.ts', 'src/bin.ts'], splitting: true, define };

// dist/srtctl.mjs: ONE self-contained file (every dependency inlined) that batch jobs and
// remote nodes run with plain `node`, with no node_modules and no install step.
const bundle: Options = {
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
};

// SRTCTL_BUNDLE_ONLY=1 builds only dist/srtctl.mjs (a few seconds; used by the bundle test).
export default defineConfig(process.env['SRTCTL_BUNDLE_ONLY'] === '1' ? [bundle] : [library, bundle]);
