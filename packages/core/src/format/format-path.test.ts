import { describe, expect, it } from 'vitest';
import { formatPath } from './format-path.ts';

describe('formatPath', () => {
  it.each([
    ['/static/path', {}, '/static/path'],
    ['/logs/{job_id}', { job_id: '12345' }, '/logs/12345'],
    ['./outputs/test', {}, '/work/outputs/test'],
    ['outputs//{job_id}/../x/', { job_id: '7' }, '/work/outputs/x'],
    ['~/models', {}, '/home/ann/models'],
    ['$SCRATCH/m', {}, '/scratch/m'],
    ['${HOME}/m', {}, '/home/ann/m'],
  ])('makes %j absolute: %j → %j', (template, values, expected) => {
    expect(formatPath(template, values, { cwd: '/work', vars: { HOME: '/home/ann', SCRATCH: '/scratch' } })).toBe(expected);
  });

  it('keeps a relative path relative without absolutisation', () => {
    expect(formatPath('./outputs/test/', {}, { cwd: '/work', absolute: false })).toBe('outputs/test');
  });

  it('prefers the explicit home over $HOME', () => {
    expect(formatPath('~', {}, { cwd: '/', home: '/h', vars: { HOME: '/other' } })).toBe('/h');
  });

  it('leaves ~ alone when no home is known', () => {
    expect(formatPath('~/x', {}, { cwd: '/w', absolute: false })).toBe('~/x');
  });
});
