import { SrtError } from '@srt/core';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandHandler } from '../context.ts';
import { createClackUi } from '../interactive/clack-ui.ts';
import { runInteractive } from '../interactive/run-interactive.ts';

export const interactiveSpec = {
  name: 'interactive',
  summary:
    'Choose a recipe from examples/ or recipes/ (arrow keys) or type a path (Tab completes), preview its summary and plan table, dry-run it, edit the values that fit its mode, and submit it.',
  flags: {},
} as const satisfies CommandSpec;

/** `srtctl` alone (or `srtctl interactive`): needs a terminal on stdin and stdout. */
const interactive: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(interactiveSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(interactiveSpec));
    return 0;
  }
  if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) {
    throw new SrtError('SRT_USAGE', 'interactive mode needs a terminal: run `srtctl validate|dry-run|apply -f RECIPE` instead (see `srtctl --help`)');
  }
  return runInteractive(ctx, createClackUi({ input: process.stdin, output: process.stdout }));
};

export default interactive;
