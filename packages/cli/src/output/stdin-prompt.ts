import { createInterface, type Interface } from 'node:readline';

/** A line reader over stdin for interactive mode, opened on first use. */
export interface StdinPrompt {
  readonly ask: (question: string) => Promise<string | undefined>;
  readonly close: () => void;
}

/** `ask` writes the question and resolves with the next line, or undefined at end of input or Ctrl-C. */
export function createStdinPrompt(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, controller: AbortController): StdinPrompt {
  let rl: Interface | undefined;
  let lines: AsyncIterator<string> | undefined;
  const open = (): AsyncIterator<string> => {
    if (lines !== undefined) return lines;
    rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
    rl.on('SIGINT', () => {
      controller.abort('SIGINT');
      rl?.close();
    });
    lines = rl[Symbol.asyncIterator]();
    return lines;
  };
  return {
    ask: async (question) => {
      const it = open();
      output.write(question);
      const next = await it.next();
      return next.done === true ? undefined : next.value;
    },
    close: () => rl?.close(),
  };
}
