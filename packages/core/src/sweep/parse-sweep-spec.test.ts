import { describe, expect, it } from 'vitest';
import { thrown } from '../config/_errors.ts';
import { parseSweepSpec } from './parse-sweep-spec.ts';

describe('parseSweepSpec', () => {
  it.each([
    ['inline parameters as a grid', { a: [1, 2], b: [3] }, { mode: 'grid', parameters: [['a', [1, 2]], ['b', [3]]] }],
    ['inline parameters with mode zip', { mode: 'zip', a: [1, 2] }, { mode: 'zip', parameters: [['a', [1, 2]]] }],
    ['a parameters map (grid by default)', { parameters: { a: [1] } }, { mode: 'grid', parameters: [['a', [1]]] }],
    ['a parameters map with mode zip', { mode: 'zip', parameters: { a: [1], b: [2] } }, { mode: 'zip', parameters: [['a', [1]], ['b', [2]]] }],
    ['an empty sweep', {}, { mode: 'grid', parameters: [] }],
  ])('reads %s', (_name, sweep, expected) => {
    expect(parseSweepSpec(sweep)).toStrictEqual(expected);
  });

  it.each([
    ['a list', [1, 2], '`sweep:` must be a map of parameter: [values] (or `mode:` and `parameters:`), got a list'],
    ['a string parameter (never iterated by character)', { tp: 'abc' }, "Sweep parameter 'tp' must be a list of values, got the string \"abc\": write tp: [value1, value2]"],
    ['a number parameter', { tp: 4 }, "Sweep parameter 'tp' must be a list of values, got the number 4: write tp: [value1, value2]"],
    ['an empty list', { tp: [] }, "Sweep parameter 'tp' has no values: give it at least one"],
    ['an unknown mode', { mode: 'cartesian', a: [1] }, 'sweep.mode must be "zip" or "grid", got the string "cartesian"; a parameter named "mode" goes under `parameters:`'],
    ['a list as mode', { mode: ['a'], a: [1] }, 'sweep.mode must be "zip" or "grid", got a list; a parameter named "mode" goes under `parameters:`'],
    ['parameters that is not a map', { parameters: [1] }, 'sweep.parameters must be a map of parameter: [values], got a list'],
    ['a stray key beside parameters', { parameters: { a: [1] }, b: [2] }, 'sweep.b: with `parameters:`, every parameter goes under it: move `b` into sweep.parameters'],
  ])('rejects %s', (_name, sweep, message) => {
    expect(thrown(() => parseSweepSpec(sweep))).toStrictEqual({ code: 'SRT_SWEEP_INVALID', message, details: [] });
  });
});
