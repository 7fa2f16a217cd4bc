/** Display width of a string: code points, with emoji and other wide characters counted as 2. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0xfe0f || (cp >= 0x300 && cp < 0x370)) continue;
    width += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0x1f300 && cp <= 0x1faff)) ? 2 : 1;
  }
  return width;
}

export interface TableOptions {
  readonly title?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns aligned to the right (numbers). */
  readonly alignRight?: readonly number[];
}

/**
 * A column-aligned plain-text table: optional title, header, a rule, then one line per row.
 * No colours and no box characters, so it reads the same in a log file.
 */
export function renderTable(t: TableOptions): string {
  const widths = t.columns.map((c, i) => Math.max(displayWidth(c), ...t.rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    widths
      .map((w, i) => {
        const cell = cells[i] ?? '';
        const pad = ' '.repeat(w - displayWidth(cell));
        return t.alignRight?.includes(i) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const out = [line(t.columns), widths.map((w) => '─'.repeat(w)).join('  '), ...t.rows.map(line)];
  return `${t.title === undefined ? '' : `${t.title}\n`}${out.join('\n')}\n`;
}
