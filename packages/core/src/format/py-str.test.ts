import { describe, expect, it } from 'vitest';
import { pyFloat, pyRepr, pyStr } from './py-str.ts';

describe('pyStr', () => {
  it.each([
    ['None for null', null, 'None'],
    ['True / False for booleans', [true, false], '[True, False]'],
    ['an integral number as a Python int', 1, '1'],
    ['a fraction as a Python float', 0.5, '0.5'],
    ['a top-level string as is', "it's", "it's"],
    ['strings inside a list quoted', ['a', "it's"], `['a', "it's"]`],
    ['a map as a Python dict', { k: 1, s: 'x' }, "{'k': 1, 's': 'x'}"],
  ] as const)('prints %s', (_n, value, expected) => {
    expect(pyStr(value)).toBe(expected);
  });
});

describe('pyRepr', () => {
  it.each([
    ['a string quoted', 'a', "'a'"],
    ['a string with a single quote in double quotes', "it's", `"it's"`],
    ['a string with both quotes escaped in single quotes', `it's "x"`, `'it\\'s "x"'`],
    ['control characters escaped', 'a\tb\n', "'a\\tb\\n'"],
    ['a number as pyStr does', 2, '2'],
    ['a map as a Python dict', { instances: [] }, "{'instances': []}"],
  ] as const)('prints %s', (_n, value, expected) => {
    expect(pyRepr(value)).toBe(expected);
  });
});

describe('pyFloat', () => {
  it.each([
    [1, '1.0'],
    [0.1, '0.1'],
    [1e-5, '1e-05'],
    [1e16, '1e+16'],
    [-0, '-0.0'],
    [Number.NaN, 'nan'],
    [-Infinity, '-inf'],
  ])('prints %d as Python repr(float)', (n, expected) => {
    expect(pyFloat(n)).toBe(expected);
  });
});
