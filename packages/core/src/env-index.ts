/**
 * `@srt/core/env`: the real environment and the error type without the planning code, so a
 * program that only needs `nodeEnv()` (the `srtctl` entry, before it knows its command)
 * starts without loading valibot and yaml.
 */
export * from './errors.ts';
export * from './env.ts';
export * from './run-argv.ts';
