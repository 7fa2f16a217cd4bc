#!/usr/bin/env node
import module from 'node:module';
import { runCli } from './launch/run-cli.ts';
import { COMMANDS } from './main.ts';

// Node >= 22.1 caches compiled code on disk (a faster second start); Node 20 has no such API.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// `bench sa --client-processes N` forks this bin as a load-generator client process.
if (process.env['SRT_LOADGEN_CHILD'] === '1') {
  void import('@srt/benchmarks').then((m) => m.runPhaseChild());
} else {
  runCli(COMMANDS);
}
