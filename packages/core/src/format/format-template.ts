import { SrtError } from '../errors.ts';
import { applyFormatSpec } from './format-spec.ts';
import { pyRepr, pyStr } from './py-str.ts';

/** A value a placeholder can take. */
export type PlaceholderValue = string | number | boolean;

type Vars = Readonly<Record<string, string | undefined>>;

/**
 * Formats a template the way the reference does (config.md §11): Python `str.format` with
 * named fields (`{job_id}`, `{gpus_per_node:02d}`, `{{`/`}}` for literal braces), then
 * environment variables (`$NAME`, `${NAME}`; unknown ones are left as written). Unlike the
 * reference, `${NAME}` that is not a placeholder is expanded first (fix C9: `${HOME}` works).
 *
 * @example formatTemplate('/logs/{job_id}/${USER}', { job_id: '42' }, { USER: 'ann' }) // '/logs/42/ann'
 */
export function formatTemplate(template: string, values: Readonly<Record<string, PlaceholderValue>>, vars: Vars = {}): string {
  const pre = template.replace(/\$\{(\w+)\}/g, (whole, name: string) => {
    if (Object.hasOwn(values, name)) return whole;
    const value = vars[name];
    return value === undefined ? `\${{${name}}}` : escapeBraces(value);
  });
  return expandEnvVars(formatFields(pre, template, values), vars);
}

/**
 * `$NAME` and `${NAME}` from `vars`; unknown names are left as written (like `os.path.expandvars`).
 *
 * @example expandEnvVars('$HOME/logs', { HOME: '/home/a' }) // → '/home/a/logs'
 */
export function expandEnvVars(text: string, vars: Vars): string {
  return text.replace(/\$(\w+|\{([^}]*)\})/g, (whole, bare: string, braced: string | undefined) => {
    const value = vars[braced ?? bare];
    return value === undefined ? whole : value;
  });
}

function escapeBraces(s: string): string {
  return s.replaceAll('{', '{{').replaceAll('}', '}}');
}

function formatFields(text: string, template: string, values: Readonly<Record<string, PlaceholderValue>>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '}') {
      if (text[i + 1] !== '}') throw invalid(`Single '}' in template '${template}': write '}}' for a literal brace`);
      out += '}';
      i += 2;
    } else if (ch !== '{') {
      out += ch;
      i += 1;
    } else if (text[i + 1] === '{') {
      out += '{';
      i += 2;
    } else {
      const end = closingBrace(text, i);
      if (end < 0) throw invalid(`Single '{' in template '${template}': write '{{' for a literal brace`);
      out += formatField(text.slice(i + 1, end), template, values);
      i = end + 1;
    }
  }
  return out;
}

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open + 1; j < text.length; j++) {
    if (text[j] === '{') depth += 1;
    else if (text[j] === '}') {
      if (depth === 0) return j;
      depth -= 1;
    }
  }
  return -1;
}

function formatField(field: string, template: string, values: Readonly<Record<string, PlaceholderValue>>): string {
  const m = /^([^!:[.]*)(?:!([sra]))?(?::([\s\S]*))?$/.exec(field);
  const name = m?.[1] ?? field;
  if (m === null || /[[.]/.test(name)) throw invalid(`Unsupported placeholder '{${field}}' in template '${template}': use a plain name such as {job_id}`);
  if (name === '' || /^\d+$/.test(name)) {
    throw invalid(`Positional placeholder '{${name}}' in template '${template}': use a name such as {job_id}`);
  }
  if (!Object.hasOwn(values, name)) {
    const available = Object.keys(values).sort().join(', ');
    // The reference's exact words (config.md §11); the template goes in the details.
    throw new SrtError('SRT_PLACEHOLDER_MISSING', `Missing placeholder '${name}' in template. Available placeholders: ${available}.`, {
      details: [`template: ${template}`],
    });
  }
  const value = values[name]!;
  const converted = m[2] === 'r' || m[2] === 'a' ? pyRepr(value) : m[2] === 's' ? pyStr(value) : value;
  const spec = m[3] === undefined ? '' : formatFields(m[3], template, values);
  return applyFormatSpec(converted, spec);
}

function invalid(message: string): SrtError {
  return new SrtError('SRT_PLACEHOLDER_INVALID', message);
}
