import { describe, expect, it } from 'vitest';
import { parseYaml } from './pyyaml-tags.ts';

describe('parseYaml', () => {
  it.each([
    ['y', 'y'],
    ['n', 'n'],
    ['Y', 'Y'],
    ['yes', true],
    ['On', true],
    ['off', false],
    ['1e-5', '1e-5'],
    ['1e5', '1e5'],
    ['1.0e5', '1.0e5'],
    ['1.5e+3', 1500],
    ['1.0e-5', 0.00001],
    ['0.85', 0.85],
    ['.5', 0.5],
    ['1.', 1],
    ['2024-01-01', '2024-01-01'],
    ['4:00:00', 14400],
    ['04:00:00', '04:00:00'],
    ['01:30', '01:30'],
    ['1_000', 1000],
    ['017', 15],
    ['0x1F', 31],
    ['~', null],
    ['"y"', 'y'],
  ])('reads %s as PyYAML does (%j)', (text, value) => {
    expect(parseYaml(`v: ${text}`)).toStrictEqual({ v: value });
  });

  it('keeps keys such as n and y as strings', () => {
    expect(parseYaml('n: 1\ny: 2')).toStrictEqual({ n: 1, y: 2 });
  });
});
