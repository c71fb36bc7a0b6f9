// psql's aligned table output (border 1): centred headers, a `---+---` rule, cells padded to the column
// width, `+` marking a value that continues on the next line, and a `(N rows)` footer.

import { type DisplayLine, displayLines, maxWidth } from './display-text.js';
import type { TextTable } from './text-table.js';

export function rowCountFooter(count: number): string {
  return count === 1 ? '(1 row)' : `(${count} rows)`;
}

export function formatAligned(table: TextTable): string {
  const columnCount = table.headers.length;
  const headers = table.headers.map(displayLines);
  const rows = table.rows.map((row) => row.map((value) => displayLines(value ?? '')));
  const widths = headers.map((lines) => maxWidth(lines));
  for (const row of rows) row.forEach((lines, j) => (widths[j] = Math.max(widths[j]!, maxWidth(lines))));

  const out: string[] = [];
  const headerHeight = Math.max(0, ...headers.map((lines) => lines.length));
  for (let k = 0; k < headerHeight; k++) {
    let line = '';
    headers.forEach((lines, j) => {
      const header = lines[k];
      line += ' ';
      if (header === undefined) line += ' '.repeat(widths[j]!);
      else {
        const space = widths[j]! - header.width;
        line += ' '.repeat(Math.floor(space / 2)) + header.text + ' '.repeat(Math.ceil(space / 2));
      }
      line += k + 1 < lines.length ? '+' : ' ';
      if (j < columnCount - 1) line += '|';
    });
    out.push(line);
  }
  out.push(`-${widths.map((w) => '-'.repeat(w)).join('-+-')}-`);
  if (columnCount > 0) for (const row of rows) out.push(...rowLines(row, widths, table));
  out.push(rowCountFooter(table.rows.length), '');
  return out.join('\n') + '\n';
}

/** The display lines of one row: as many as its tallest value has. */
function rowLines(row: readonly DisplayLine[][], widths: readonly number[], table: TextTable): string[] {
  const height = Math.max(...row.map((lines) => lines.length));
  const last = row.length - 1;
  const out: string[] = [];
  for (let k = 0; k < height; k++) {
    let line = '';
    row.forEach((lines, j) => {
      const value = lines[k];
      const continues = k + 1 < lines.length;
      const width = widths[j]!;
      line += ' ';
      if (value === undefined) {
        // This value has no more lines: pad, unless it is the last column (psql leaves no trailing space).
        if (j < last) line += ' '.repeat(width);
      } else if (table.alignments[j] === 'right') {
        line += ' '.repeat(width - value.width) + value.text;
      } else {
        line += value.text;
        if (j < last || continues) line += ' '.repeat(width - value.width);
      }
      if (continues) line += '+';
      else if (j < last) line += ' ';
      if (j < last) line += '|';
    });
    out.push(line);
  }
  return out;
}
