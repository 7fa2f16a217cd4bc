import { SrtError } from '../errors.ts';

/** Which variants of an override file `-f FILE:SELECTOR` picks (§1.5). */
export type OverrideSelector =
  | { readonly kind: 'base' }
  | { readonly kind: 'override'; readonly key: string }
  | { readonly kind: 'zip'; readonly key: string; readonly index?: number }
  | { readonly kind: 'glob'; readonly pattern: string };

const ZIP = /^(zip_override_[A-Za-z0-9_-]+)(?:\[(\d+)\])?$/;

/**
 * The selector a text names, or `undefined` when it is not one (upstream's grammar).
 *
 * @example parseSelector('zip_override_tp[1]') // → { kind: 'zip', key: 'zip_override_tp', index: 1 }
 */
export function parseSelector(text: string): OverrideSelector | undefined {
  const zip = ZIP.exec(text);
  if (zip !== null) return zip[2] === undefined ? { kind: 'zip', key: zip[1]! } : { kind: 'zip', key: zip[1]!, index: Number(zip[2]) };
  if (text === 'base') return { kind: 'base' };
  if (text.includes('*') || text.includes('?')) return { kind: 'glob', pattern: text };
  if (/^override_\S+$/.test(text)) return { kind: 'override', key: text };
  return undefined;
}

/**
 * `SRT_USAGE` for a text that is not a selector, with upstream's message.
 *
 * @example throw invalidSelector('tp8') // SRT_USAGE: Invalid selector 'tp8'. Must be 'base', 'override_<name>', …
 */
export function invalidSelector(text: string): SrtError {
  return new SrtError(
    'SRT_USAGE',
    `Invalid selector '${text}'. Must be 'base', 'override_<name>', 'zip_override_<name>', 'zip_override_<name>[N]', or a glob pattern like '*mtp*'.`,
  );
}

/**
 * The text of a selector, as written on the command line.
 *
 * @example selectorText({ kind: 'zip', key: 'zip_override_tp', index: 1 }) // → 'zip_override_tp[1]'
 */
export function selectorText(s: OverrideSelector): string {
  if (s.kind === 'base') return 'base';
  if (s.kind === 'glob') return s.pattern;
  if (s.kind === 'zip' && s.index !== undefined) return `${s.key}[${s.index}]`;
  return s.key;
}
