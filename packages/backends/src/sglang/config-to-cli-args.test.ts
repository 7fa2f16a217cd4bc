import { describe, expect, it } from 'vitest';
import { compareCodePoints, configToCliArgs } from './config-to-cli-args.ts';

describe('configToCliArgs', () => {
  it('reproduces the example of backends.md §3', () => {
    expect(configToCliArgs({ b_x: true, 'b-a': 1e-5, a: { k: 1 }, c: [true, null, 1.5], d: '', e: 0, f: false, g: null, Z: 1 })).toStrictEqual([
      '--Z', '1', '--a', "{'k': 1}", '--b-a', '1e-05', '--b-x', '--c', 'True', 'None', '1.5', '--d', '', '--e', '0',
    ]);
  });

  it('reproduces the prefill map of backends.md §2.1', () => {
    expect(
      configToCliArgs({ 'served-model-name': 'dsr1', 'trust-remote-code': true, tp: 8, disable_radix_cache: false, 'cuda-graph-bs': [1, 2, 4], foo: null, 'mem-fraction-static': 0.8 }),
    ).toStrictEqual(['--cuda-graph-bs', '1', '2', '4', '--mem-fraction-static', '0.8', '--served-model-name', 'dsr1', '--tp', '8', '--trust-remote-code']);
  });

  it.each([
    ['strings verbatim, even with spaces and quotes', { x: "a 'b' $(c)" }, ['--x', "a 'b' $(c)"]],
    ['every underscore becomes a dash', { a_b_c: 1 }, ['--a-b-c', '1']],
    ['an empty list leaves the bare flag', { l: [] }, ['--l']],
    ['floats in Python form', { f: 0.95, g: 1e-7, h: 1e16 }, ['--f', '0.95', '--g', '1e-07', '--h', '10000000000000000']],
    ['nested lists and maps as Python repr', { m: { a: [1, 'x'], b: null } }, ['--m', "{'a': [1, 'x'], 'b': None}"]],
    ['nothing for an empty map', {}, []],
  ] as const)('%s', (_name, map, expected) => {
    expect(configToCliArgs(map)).toStrictEqual(expected);
  });
});

describe('compareCodePoints', () => {
  it('orders dash < digits < uppercase < underscore < lowercase', () => {
    expect(['b_x', 'a', 'b-a', 'Z', 'b1', 'B'].sort(compareCodePoints)).toStrictEqual(['B', 'Z', 'a', 'b-a', 'b1', 'b_x']);
  });

  it('orders astral characters by code point, not UTF-16 unit', () => {
    expect(['\u{1F600}', '\uFFFF'].sort(compareCodePoints)).toStrictEqual(['\uFFFF', '\u{1F600}']);
  });
});
