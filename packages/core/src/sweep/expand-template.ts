import { pyStr } from '../format/py-str.ts';

/**
 * Substitutes sweep parameters into a document (config.md §13.2): in every string, each
 * `{name}` becomes the parameter's value (`str()` as Python prints it); a string that is
 * exactly `{name}` of a list parameter becomes the list itself. Map keys, numbers,
 * booleans and null are left as they are; unmatched placeholders stay.
 *
 * @example expandTemplate({ tp: '{tp}', args: 'x-{tp}' }, { tp: 4 }) // { tp: '4', args: 'x-4' }
 */
export function expandTemplate(value: unknown, params: Readonly<Record<string, unknown>>): unknown {
  if (Array.isArray(value)) return value.map((x) => expandTemplate(x, params));
  if (typeof value === 'string') return expandString(value, params);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, expandTemplate(x, params)]));
  }
  return value;
}

function expandString(text: string, params: Readonly<Record<string, unknown>>): unknown {
  let current = text;
  for (const [name, value] of Object.entries(params)) {
    const placeholder = `{${name}}`;
    if (Array.isArray(value)) {
      if (current === placeholder) return value;
      current = current.replaceAll(placeholder, value.map((x) => pyStr(x)).join(','));
    } else {
      current = current.replaceAll(placeholder, pyStr(value));
    }
  }
  return current;
}
