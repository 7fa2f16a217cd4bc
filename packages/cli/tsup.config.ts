import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Options } from 'tsup';
import { baseConfig } from '../../tsup.base.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
// yaml's ESM build (its CommonJS build cannot be tree-shaken; @srt/core bundles the same file).
const yamlEsm = join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser', 'index.js');
const define = { __SRTCTL_VERSION__: JSON.stringify(version) };

// The library, dependencies external (the npm install). Split into chunks so what only one
// function needs loads when it is called.
const library: Options = { ...baseConfig, entry: ['src/index.ts'], splitting: true, define };

// The `srtctl` bin: dist/bin.cjs (src/launch/bin-loader.ts, node built-ins only) runs
// dist/srtctl.cjs, the whole CLI with every dependency inlined, in CommonJS so that V8's code
// cache applies on Node 20 (see bin-loader.ts). esbuild turns each command's `import()` into a
// lazily initialised module, so a command still evaluates only what it imports.
// CommonJS too: an ES module entry costs Node its ESM loader (~13M instructions).
const bin: Options = { ...baseConfig, entry: { bin: 'src/launch/bin-loader.ts' }, format: ['cjs'], outExtension: () => ({ js: '.cjs' }), shims: true, dts: false, sourcemap: false, clean: false, define };
const cliCjs: Options = {
  ...baseConfig,
  entry: { srtctl: 'src/bin.ts' },
  format: ['cjs'],
  outExtension: () => ({ js: '.cjs' }),
  noExternal: [/.*/],
  dts: false,
  clean: false,
  sourcemap: false,
  define: { ...define, 'import.meta.url': '__srtctlImportMetaUrl' },
  banner: { js: "const __srtctlImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  esbuildOptions(options) {
    options.conditions = ['@srt/source', 'node', 'require', 'default'];
    options.mainFields = ['module', 'main'];
    options.alias = { yaml: yamlEsm }; // as in @srt/core's build: tree-shaken, not the CommonJS build
    options.supported = { ...options.supported, 'dynamic-import': false }; // import() → lazy require
    // Whitespace and comments out (names kept for stack traces): 40 % less source to read, and
    // pure ASCII, which bin-loader reads as latin1 without a UTF-8 decode (~20M instructions).
    options.minifyWhitespace = true;
    options.minifySyntax = true;
    options.charset = 'ascii';
  },
};

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
export default defineConfig(process.env['SRTCTL_BUNDLE_ONLY'] === '1' ? [bundle] : [library, bin, cliCjs, bundle]);
