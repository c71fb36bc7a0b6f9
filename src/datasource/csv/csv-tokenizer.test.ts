// The tokenizer gives the same records whatever block boundaries split the input: inside quotes,
// between a quote and its double, between CR and LF.

import { describe, expect, it } from 'vitest';
import { CSV_DIALECT, TEXT_DIALECT, type CsvDialect } from './csv-dialect.js';
import { CsvFields } from './csv-fields.js';
import { CsvRecords, tokenize } from './csv-tokenizer.js';

function records(input: string, dialect: CsvDialect, split: number): (string | null)[][] {
  const bytes = new TextEncoder().encode(input);
  const out: (string | null)[][] = [];
  let carry = new Uint8Array(0);
  let line = 1;
  for (const [chunk, final] of [
    [bytes.subarray(0, split), false],
    [bytes.subarray(split), true],
  ] as const) {
    const buf = new Uint8Array(carry.length + chunk.length);
    buf.set(carry);
    buf.set(chunk, carry.length);
    const r = new CsvRecords();
    const result = tokenize(buf, buf.length, dialect, r, line, final);
    const fields = new CsvFields(buf, r, dialect);
    for (let k = 0; k < r.count; k++) {
      const row: (string | null)[] = [];
      for (let f = 0; f < r.recordWidth[k]!; f++) {
        const i = r.recordField[k]! + f;
        row.push(fields.isNull(i) ? null : fields.text(i));
      }
      out.push(row);
    }
    carry = buf.slice(result.consumed);
    line = result.line;
  }
  return out;
}

describe('tokenize', () => {
  const csv = 'a,"b ""q"", c",\r\n"multi\nline",,""\r\n\n"x"y,z\n1,2';
  const expected = [
    ['a', 'b "q", c', null],
    ['multi\nline', null, ''],
    ['xy', 'z'],
    ['1', '2'],
  ];

  it.each(Array.from({ length: csv.length + 1 }, (_, i) => i))('CSV split at %i', (split) => {
    expect(records(csv, CSV_DIALECT, split)).toEqual(expected);
  });

  it('reads PostgreSQL text format escapes and \\N', () => {
    const text = 'a\\tb\t\\N\tc\\\\d\\n\t\\101\n';
    expect(records(text, TEXT_DIALECT, 5)).toEqual([['a\tb', null, 'c\\d\n', 'A']]);
  });

  it('counts lines across quoted newlines', () => {
    const bytes = new TextEncoder().encode('a\n"b\nc"\nd\n');
    const r = new CsvRecords();
    tokenize(bytes, bytes.length, CSV_DIALECT, r, 1, true);
    expect(Array.from(r.recordLine.subarray(0, r.count))).toEqual([1, 2, 4]);
  });
});
