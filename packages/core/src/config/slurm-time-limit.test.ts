import { describe, expect, it } from 'vitest';
import { parseSlurmTimeLimit } from './slurm-time-limit.ts';

describe('parseSlurmTimeLimit', () => {
  it.each([
    ['30', 1800],
    ['30:15', 1815],
    ['04:00:00', 14_400],
    ['4:00:00', 14_400],
    ['1-0', 86_400],
    ['1-02', 93_600],
    ['1-02:30', 95_400],
    ['2-00:00:10', 172_810],
    ['UNLIMITED', undefined],
    ['infinite', undefined],
    ['-1', undefined],
    ['1h', undefined],
  ] as const)('%s → %s s', (text, seconds) => {
    expect(parseSlurmTimeLimit(text)).toBe(seconds);
  });
});
