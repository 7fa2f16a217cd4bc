import { describe, expect, it } from 'vitest';
import { displayWidth, renderTable } from './table.ts';

describe('renderTable', () => {
  it('aligns columns to the widest cell, numbers to the right', () => {
    expect(
      renderTable({
        title: 'Sweep: s (2 jobs)',
        columns: ['#', 'Job Name', 'Parameters'],
        rows: [
          ['1', 's_a1', 'a=1'],
          ['10', 's_a10_long', 'a=10'],
        ],
        alignRight: [0],
      }),
    ).toMatchInlineSnapshot(`
      "Sweep: s (2 jobs)
       #  Job Name    Parameters
      ──  ──────────  ──────────
       1  s_a1        a=1
      10  s_a10_long  a=10
      "
    `);
  });
});

describe('displayWidth', () => {
  it.each([
    ['abc', 3],
    ['🚀 x', 4],
    ['─', 1],
  ])('measures %j as %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});
