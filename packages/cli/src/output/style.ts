import type { Output } from '../context.ts';

/** Text decorations; identity functions when colour is off. */
export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string): string => s;

/** Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org). */
export function createStyle(out: Output, vars: Readonly<Record<string, string | undefined>>): Style {
  const on = out.isTTY === true && (vars['NO_COLOR'] ?? '') === '' && vars['TERM'] !== 'dumb';
  if (!on) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };
}

/** A titled panel: a rule with the title, the body, a closing rule. */
export function renderPanel(title: string, body: string, subtitle?: string): string {
  const head = `── ${title} ${'─'.repeat(Math.max(4, 60 - title.length))}`;
  const foot = subtitle === undefined ? '─'.repeat(head.length) : `── ${subtitle} ${'─'.repeat(Math.max(4, 60 - subtitle.length))}`;
  return `${head}\n${body.endsWith('\n') ? body : `${body}\n`}${foot}\n`;
}
