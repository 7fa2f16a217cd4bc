import type { Interface } from 'node:readline';

/** A line reader over stdin for interactive mode, opened on first use. */
export interface StdinPrompt {
  readonly ask: (question: string) => Promise<string | undefined>;
  readonly close: () => void;
}

/**
 * `ask` writes the question and resolves with the next line, or undefined at end of input or
 * Ctrl-C. Nothing is touched before the first question: `process.stdin` (its getter opens a tty
 * or socket stream) and `node:readline` are start-up cost most commands never need.
 */
export function createStdinPrompt(
  streams: () => { readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream },
  controller: AbortController,
): StdinPrompt {
  let rl: Interface | undefined;
  let lines: Promise<AsyncIterator<string>> | undefined;
  const open = (): Promise<AsyncIterator<string>> => (lines ??= openLines());
  const openLines = async (): Promise<AsyncIterator<string>> => {
    const { createInterface } = await import('node:readline');
    const { input, output } = streams();
    rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
    rl.on('SIGINT', () => {
      controller.abort('SIGINT');
      rl?.close();
    });
    return rl[Symbol.asyncIterator]();
  };
  return {
    ask: async (question) => {
      const it = await open();
      streams().output.write(question);
      const next = await it.next();
      return next.done === true ? undefined : next.value;
    },
    close: () => rl?.close(),
  };
}
