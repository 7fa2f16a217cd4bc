import { describe, expect, it } from 'vitest';
import { expandEnvVars, formatTemplate } from './format-template.ts';

const values = {
  job_id: '12345',
  run_name: 'bench_12345',
  head_node_ip: '10.0.0.1',
  log_dir: '/work/outputs/12345/logs',
  model_path: '/models/ds',
  container_image: '/c/sglang.sqsh',
  gpus_per_node: 4,
};

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    const { code, message } = e as { code: string; message: string };
    return { code, message };
  }
  throw new Error('expected an error');
}

function detailsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    return (e as { details: readonly string[] }).details;
  }
  throw new Error('expected an error');
}

describe('formatTemplate', () => {
  it.each([
    ['/static/path', '/static/path'],
    ['Hello {run_name}!', 'Hello bench_12345!'],
    ['/logs/{job_id}', '/logs/12345'],
    ['{head_node_ip}:{job_id}', '10.0.0.1:12345'],
    ['gpus{gpus_per_node:02d}', 'gpus04'],
    ['{gpus_per_node:>4}|{job_id:<7}|{job_id:^9}|', '   4|12345  |  12345  |'],
    ['{gpus_per_node:.2f} {gpus_per_node:+d} {gpus_per_node:#x} {gpus_per_node:b}', '4.00 +4 0x4 100'],
    ['{job_id!r} {job_id!s}', "'12345' 12345"],
    ['{{job_id}} is literal', '{job_id} is literal'],
    ['{{{job_id}}}', '{12345}'],
  ])('formats %j as %j', (template, expected) => {
    expect(formatTemplate(template, values)).toBe(expected);
  });

  it('formats floats like Python', () => {
    const v = { x: 0.5, big: 1234567.891, small: 0.00001234 };
    expect(formatTemplate('{x} {x:.1%} {big:,.2f} {small:e} {small:g} {big:g} {x:08.3f}', v)).toBe(
      '0.5 50.0% 1,234,567.89 1.234000e-05 1.234e-05 1.23457e+06 0000.500',
    );
  });

  it('names the missing placeholder and lists the available ones, sorted, in the reference\'s exact words', () => {
    const err = errorOf(() => formatTemplate('/logs/{jobid}', values));
    expect(err.code).toBe('SRT_PLACEHOLDER_MISSING');
    expect(err.message).toBe(
      "Missing placeholder 'jobid' in template. Available placeholders: container_image, gpus_per_node, head_node_ip, job_id, log_dir, model_path, run_name.",
    );
    expect(detailsOf(() => formatTemplate('/logs/{jobid}', values))).toStrictEqual(['template: /logs/{jobid}']);
  });

  it('lists caller-supplied extras among the available placeholders', () => {
    expect(errorOf(() => formatTemplate('{x}', { b: 1, a: 'y' })).message).toBe("Missing placeholder 'x' in template. Available placeholders: a, b.");
  });

  it.each([
    ['a}b', "Single '}' in template 'a}b': write '}}' for a literal brace"],
    ['a{b', "Single '{' in template 'a{b': write '{{' for a literal brace"],
    ['{}', "Positional placeholder '{}' in template '{}': use a name such as {job_id}"],
    ['{job_id.x}', "Unsupported placeholder '{job_id.x}' in template '{job_id.x}': use a plain name such as {job_id}"],
  ])('rejects the malformed template %j', (template, message) => {
    expect(errorOf(() => formatTemplate(template, values))).toStrictEqual({ code: 'SRT_PLACEHOLDER_INVALID', message });
  });

  it('rejects an integer format for a string value', () => {
    expect(errorOf(() => formatTemplate('{job_id:05d}', values)).code).toBe('SRT_PLACEHOLDER_INVALID');
  });

  it('expands $NAME and ${NAME} after the placeholders and leaves unknown variables alone', () => {
    const vars = { USER: 'ann', SCRATCH: '/scratch' };
    expect(formatTemplate('$SCRATCH/${USER}/{job_id}/$NOPE/${NOPE2}', values, vars)).toBe('/scratch/ann/12345/$NOPE/${NOPE2}');
  });

  it('expands ${HOME} even though it looks like a placeholder (fix C9)', () => {
    expect(formatTemplate('${HOME}/x/{job_id}', values, { HOME: '/home/ann' })).toBe('/home/ann/x/12345');
  });

  it('keeps braces in expanded variables literal', () => {
    expect(formatTemplate('${ODD}/{job_id}', values, { ODD: 'a{b}c' })).toBe('a{b}c/12345');
  });

  it('still accepts the reference workaround ${{HOME}}', () => {
    expect(formatTemplate('${{HOME}}/x', values, { HOME: '/home/ann' })).toBe('/home/ann/x');
  });

  it('lets a placeholder win over a variable of the same name in ${...}', () => {
    expect(formatTemplate('${job_id}', values, { job_id: 'env' })).toBe('$12345');
  });
});

describe('expandEnvVars', () => {
  it.each([
    ['$A/$B', '1/$B'],
    ['${A}x', '1x'],
    ['$$A', '$1'],
    ['no vars', 'no vars'],
  ])('expands %j to %j', (text, expected) => {
    expect(expandEnvVars(text, { A: '1' })).toBe(expected);
  });
});
