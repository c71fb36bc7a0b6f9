// CSV output as psql's --csv writes it: a header line, then one line per row; fields holding a comma, a
// quote or a line break are quoted (RFC 4180), NULL is an empty field.

import type { TextTable } from './text-table.js';

export function csvField(value: string): string {
  // psql also quotes `\.`, which COPY would read as the end of the data.
  if (/[,"\r\n]/.test(value) || value === '\\.') return `"${value.replace(/"/g, '""')}"`;
  return value;
}

export function formatCsv(table: TextTable): string {
  const lines = [table.headers.map(csvField).join(',')];
  if (table.headers.length > 0) {
    for (const row of table.rows) lines.push(row.map((v) => (v === null ? '' : csvField(v))).join(','));
  }
  return lines.join('\n') + '\n';
}
