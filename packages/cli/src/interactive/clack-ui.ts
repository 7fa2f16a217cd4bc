import type { Readable, Writable } from 'node:stream';
import { confirm, isCancel, log, note, outro, path, select, text } from '@clack/prompts';
import type { InteractiveUi } from './ui.ts';

function answer<T>(value: T): Exclude<T, symbol> | undefined {
  return isCancel(value) || typeof value === 'symbol' ? undefined : (value as Exclude<T, symbol>);
}

/**
 * Interactive mode's terminal, drawn with @clack/prompts: arrow-key menus, a path prompt
 * that completes from the file system, notes for blocks of output.
 *
 * @example const ui = createClackUi({ input: process.stdin, output: process.stdout });
 */
export function createClackUi(io: { readonly input: Readable; readonly output: Writable }): InteractiveUi {
  const common = { input: io.input, output: io.output };
  return {
    select: async (message, options) => answer(await select({ ...common, message, options: options.map((o) => (o.hint === undefined ? { value: o.value, label: o.label } : { value: o.value, label: o.label, hint: o.hint })) as never, maxItems: 12 })),
    path: async (message, root) => answer(await path({ ...common, message, root, initialValue: `${root.replace(/\/+$/, '')}/` })),
    text: async (message, o) =>
      answer(await text({ ...common, message, initialValue: o.initial, ...(o.validate === undefined ? {} : { validate: (v) => o.validate?.(v ?? '') }) })),
    confirm: async (message) => answer(await confirm({ ...common, message, initialValue: false })),
    note: (title, body) => note(body, title, { output: io.output, format: (line) => line }),
    info: (line) => log.info(line, { output: io.output }),
    error: (line) => log.error(line, { output: io.output }),
    done: (line) => outro(line, { output: io.output }),
  };
}
