import { describe, expect, it } from 'vitest';
import { checkValidity } from './validity.ts';

describe('checkValidity', () => {
  it.each([
    { name: 'all requests completed with tokens', m: { completed: 10, failed: 0, totalOutputTokens: 100 }, maxFailed: 0, want: { valid: true } },
    { name: 'failures within the threshold', m: { completed: 8, failed: 2, totalOutputTokens: 80 }, maxFailed: 2, want: { valid: true } },
    { name: 'failures above the threshold', m: { completed: 9, failed: 1, totalOutputTokens: 90 }, maxFailed: 0, want: { valid: false, reason: '1 of 10 requests failed, more than the 0 allowed' } },
    { name: 'zero generated tokens', m: { completed: 10, failed: 0, totalOutputTokens: 0 }, maxFailed: 0, want: { valid: false, reason: 'the server generated no tokens' } },
    { name: 'fewer requests than asked', m: { completed: 6, failed: 0, totalOutputTokens: 60 }, maxFailed: 0, want: { valid: false, reason: 'only 6 of 10 requests completed' } },
  ])('judges $name', ({ m, maxFailed, want }) => {
    expect(checkValidity(m, { numPrompts: 10, maxFailed })).toStrictEqual(want);
  });
});
