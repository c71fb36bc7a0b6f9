// psql's expanded output (`\x`, border 1): one `-[ RECORD n ]-` block per row, a `name | value` line per
// column.

import { type DisplayLine, displayLines, maxWidth } from './display-text.js';
import { rowCountFooter } from './format-table.js';
import type { TextTable } from './text-table.js';

export function formatExpanded(table: TextTable): string {
  if (table.rows.length === 0 || table.headers.length === 0)
    return `${rowCountFooter(table.rows.length)}\n\n`;
  const headers = table.headers.map(displayLines);
  const rows = table.rows.map((row) => row.map((value) => displayLines(value ?? '')));
  const headerWidth = maxWidth(headers.flat());
  // psql 15 pads values to the widest one only; it does not widen them to the record header line.
  let dataWidth = 0;
  for (const row of rows) for (const lines of row) dataWidth = Math.max(dataWidth, maxWidth(lines));
  const out: string[] = [];
  rows.forEach((row, r) => {
    out.push(recordLine(r + 1, headerWidth, dataWidth));
    row.forEach((lines, j) => out.push(...fieldLines(headers[j]!, lines, headerWidth, dataWidth)));
  });
  out.push('');
  return out.join('\n') + '\n';
}

/** `-[ RECORD n ]` followed by dashes, with `+` above the rule when the label leaves room, as psql. */
function recordLine(record: number, headerWidth: number, dataWidth: number): string {
  const label = `[ RECORD ${record} ]`;
  let line = `-${label}`;
  let used = label.length + 1;
  if (used < headerWidth) line += '-'.repeat(headerWidth - used);
  used -= headerWidth;
  if (used-- <= 0) line += '-';
  if (used-- <= 0) line += '+';
  if (used-- <= 0) line += '-';
  return line + '-'.repeat(Math.max(0, dataWidth - Math.max(0, used)));
}

function fieldLines(
  header: readonly DisplayLine[],
  value: readonly DisplayLine[],
  headerWidth: number,
  dataWidth: number,
): string[] {
  const out: string[] = [];
  for (let k = 0; k < Math.max(header.length, value.length); k++) {
    const name = header[k];
    let line =
      name === undefined
        ? ' '.repeat(headerWidth + 1)
        : name.text + ' '.repeat(headerWidth - name.width) + (k + 1 < header.length ? '+' : ' ');
    line += '|';
    const data = value[k];
    if (data !== undefined) {
      line += ` ${data.text}`;
      if (k + 1 < value.length) line += `${' '.repeat(dataWidth - data.width)}+`;
    }
    out.push(line);
  }
  return out;
}
