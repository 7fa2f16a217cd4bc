import { nodeEnv } from '@srt/core/env';
import { type CommandEntry, dispatch } from '../dispatch.ts';
import { processOutput } from '../output/process-output.ts';
import { createStdinPrompt } from '../output/stdin-prompt.ts';

/**
 * Runs `srtctl` as a process with a command table: signals (a second Ctrl-C exits at once),
 * stdout and stderr (EPIPE exits 141), the stdin prompt, and `process.exitCode` from the command. The bin runs
 * the full table (bin.ts); the planning commands' start-up bundle runs two (plan-bin.ts).
 *
 * @example runCli(COMMANDS);
 */
export function runCli(commands: Readonly<Record<string, CommandEntry>>): void {
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
  dispatch({
    argv: process.argv.slice(2),
    env: nodeEnv(),
    // Written directly until something needs Node's streams (EPIPE exits 141 either way).
    stdout: processOutput(1),
    stderr: processOutput(2),
    signal: controller.signal,
    prompt: prompt.ask,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  }, commands).then(
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
