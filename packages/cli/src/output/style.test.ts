import { describe, expect, it } from 'vitest';
import { createStyle, renderPanel } from './style.ts';

describe('createStyle', () => {
  it.each([
    ['a terminal', { isTTY: true }, {}, '\u001b[31mx\u001b[39m'],
    ['a pipe', { isTTY: false }, {}, 'x'],
    ['a terminal with NO_COLOR', { isTTY: true }, { NO_COLOR: '1' }, 'x'],
    ['a dumb terminal', { isTTY: true }, { TERM: 'dumb' }, 'x'],
  ])('colours only on %s', (_what, out, vars, red) => {
    expect(createStyle({ write: () => undefined, ...out }, vars).red('x')).toBe(red);
  });
});

describe('renderPanel', () => {
  it('frames a body under its title', () => {
    expect(renderPanel('Plan', 'a\nb', '2 jobs')).toMatchInlineSnapshot(`
      "── Plan ────────────────────────────────────────────────────────
      a
      b
      ── 2 jobs ──────────────────────────────────────────────────────
      "
    `);
  });
});
