#!/usr/bin/env node
import module from 'node:module';
import { nodeEnv } from '@srt/core/env';
import { main } from './main.ts';
import { createStdinPrompt } from './output/stdin-prompt.ts';

// Node >= 22.1 caches compiled code on disk (a faster second start); Node 20 has no such API.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// `bench sa --client-processes N` forks this bin as a load-generator client process.
if (process.env['SRT_LOADGEN_CHILD'] === '1') {
  void import('@srt/benchmarks').then((m) => m.runPhaseChild());
} else {
  runCli();
}

function runCli(): void {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) process.exit(130); // a second Ctrl-C does not wait for cleanup
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  const prompt = createStdinPrompt(() => ({ input: process.stdin, output: process.stdout }), controller);
  main({
    argv: process.argv.slice(2),
    env: nodeEnv(),
    stdout: { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY === true, columns: process.stdout.columns ?? 100 },
    stderr: { write: (s) => void process.stderr.write(s), isTTY: process.stderr.isTTY === true },
    signal: controller.signal,
    prompt: prompt.ask,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  }).then(
    (code) => {
      prompt.close();
      process.exitCode = code;
    },
    (e: unknown) => {
      prompt.close();
      process.stderr.write(`internal error, please report: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
