// TPC-H answers: the shared expected results (DuckDB's, at SF 0.01 and 0.1) and the comparison the
// benchmark and the tests use: same rows in the same order, numbers within a relative 1e-9, text exact.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedTpch } from './data.js';

/** A result as text, one array per row; null for SQL NULL. */
export type TextRows = readonly (readonly (string | null)[])[];

function sameValue(a: string | null, b: string | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const x = Number(a);
  const y = Number(b);
  if (a.trim() === '' || b.trim() === '' || Number.isNaN(x) || Number.isNaN(y)) return false;
  return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
}

/** Whether two answers agree: same rows in the same order, numbers within a relative 1e-9. */
export function sameAnswer(a: TextRows | null, b: TextRows | null): boolean {
  if (a === null || b === null || a.length !== b.length) return false;
  return a.every((row, i) => row.length === b[i]!.length && row.every((v, j) => sameValue(v, b[i]![j]!)));
}

/** The first row where two answers differ, for a readable test failure; null when they agree. */
export function firstDifference(got: TextRows, expected: TextRows): string | null {
  if (got.length !== expected.length) return `${got.length} rows, expected ${expected.length}`;
  for (let i = 0; i < got.length; i++) {
    if (!sameAnswer([got[i]!], [expected[i]!])) {
      return `row ${i + 1}: ${got[i]!.join('|')}, expected ${expected[i]!.join('|')}`;
    }
  }
  return null;
}

function unquote(field: string): string | null {
  if (field === '') return null;
  return field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
}

/** The expected answer of query `q` at scale factor 0.01 or 0.1 (answers/sfX/qNN.csv, header dropped). */
export function expectedAnswer(sf: number, q: number): TextRows {
  const file = join(sharedTpch, 'answers', `sf${sf}`, `q${String(q).padStart(2, '0')}.csv`);
  const lines = readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
  return lines.slice(1).map((line) => line.split('|').map(unquote));
}
