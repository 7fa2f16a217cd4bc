import { describe, expect, it } from 'vitest';
import { expandTemplate } from './expand-template.ts';

describe('expandTemplate', () => {
  it.each([
    ['a whole-string placeholder', '{foo}', { foo: 'bar' }, 'bar'],
    ['an embedded placeholder', 'prefix-{val}-suffix', { val: 'x' }, 'prefix-x-suffix'],
    ['two placeholders', '{a}-{b}', { a: 1, b: 2 }, '1-2'],
    ['an int, as a string', '{n}', { n: 42 }, '42'],
    ['a float, as Python prints it', '{f}', { f: 0.85 }, '0.85'],
    ['a float with a trailing zero', '{f}', { f: 0.9 }, '0.9'],
    ['a boolean', '{b}', { b: true }, 'True'],
    ['a list as the whole string, as the list itself', '{xs}', { xs: [1, 2, 3] }, [1, 2, 3]],
    ['a list embedded, joined by commas', 'values: {xs}', { xs: [1, 2, 3] }, 'values: 1,2,3'],
    ['no placeholder', 'plain', { a: 1 }, 'plain'],
    ['an unmatched placeholder, left as is', '{missing}', { a: 1 }, '{missing}'],
    ['doubled braces, without escaping', '{{x}}', { x: 1 }, '{1}'],
    ['sequentially: a value holding another placeholder', '{a}', { a: '{b}', b: 'deep' }, 'deep'],
  ])('expands %s', (_name, value, params, expected) => {
    expect(expandTemplate(value, params)).toStrictEqual(expected);
  });

  it.each([42, 3.14, true, null])('passes the non-string %j through', (value) => {
    expect(expandTemplate(value, { a: 1 })).toBe(value);
  });

  it('expands nested maps and lists but never keys', () => {
    const doc = { '{k}': { deep: { list: ['{k}', 'x-{k}', 7] } }, other: '{unused}' };
    expect(expandTemplate(doc, { k: 'v', extra: 1 })).toStrictEqual({ '{k}': { deep: { list: ['v', 'x-v', 7] } }, other: '{unused}' });
  });

  it('does not modify its input', () => {
    const doc = { a: ['{x}'] };
    expandTemplate(doc, { x: 1 });
    expect(doc).toStrictEqual({ a: ['{x}'] });
  });
});
