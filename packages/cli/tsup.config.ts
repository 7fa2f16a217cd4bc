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
// cache applies on Node 20 (see bin-loader.ts), or for `validate`, `dry-run` and the help
// dist/srtctl-plan.cjs, the same build of the planning commands alone (src/launch/plan-bin.ts).
// esbuild turns each command's `import()` into a lazily initialised module, so a command still
// evaluates only what it imports; but every byte of a bundle is read and copied, and every
// function of it instantiated, at each start (half of `validate`'s start-up was the rest of
// the CLI). CommonJS too: an ES module entry costs Node its ESM loader (~13M instructions).
// Each bundle is the body of a CommonJS wrapper function already (banner and footer), so the
// bin compiles the file's text as it is, with no copy to wrap it.
const bin: Options = { ...baseConfig, entry: { bin: 'src/launch/bin-loader.ts' }, format: ['cjs'], outExtension: () => ({ js: '.cjs' }), shims: true, dts: false, sourcemap: false, clean: false, define };
const cliCjs = (name: string, entry: string): Options => ({
  ...baseConfig,
  entry: { [name]: entry },
  format: ['cjs'],
  outExtension: () => ({ js: '.cjs' }),
  noExternal: [/.*/],
  dts: false,
  clean: false,
  sourcemap: false,
  define: { ...define, 'import.meta.url': '__srtctlImportMetaUrl' },
  banner: { js: "(function (exports, require, module, __filename, __dirname) {const __srtctlImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  footer: { js: '\n})' },
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
});
const cliBundles = [cliCjs('srtctl', 'src/bin.ts'), cliCjs('srtctl-plan', 'src/launch/plan-bin.ts')];

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

// SRTCTL_BUNDLE_ONLY=1 builds only dist/srtctl.mjs, =bin only the bin (dist/bin.cjs,
// dist/srtctl.cjs and dist/srtctl-plan.cjs): a few seconds each, used by the bundle and bin tests.
const only = process.env['SRTCTL_BUNDLE_ONLY'];
export default defineConfig(only === '1' ? [bundle] : only === 'bin' ? [bin, ...cliBundles] : [library, bin, ...cliBundles, bundle]);
