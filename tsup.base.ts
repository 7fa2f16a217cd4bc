import type { Options } from 'tsup';

/** Shared tsup settings: ESM, Node 20, type declarations, source maps. */
export const baseConfig: Options = {
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: false,
};
