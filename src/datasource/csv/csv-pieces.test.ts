// A file read in pieces gives the same rows as read whole, wherever the split points fall: inside
// quoted fields with line ends, delimiters and doubled quotes, at CR LF pairs, in empty lines,
// after escaped line ends of the text format. Errors in a later piece name the file's own line.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Batch } from '../../columnar/batch.js';
import { getScalar } from '../../columnar/vector-ops.js';
import { Engine } from '../../engine/engine.js';
import { Types } from '../../types/data-type.js';
import type { FilePiece } from '../file-source.js';
import { CSV_DIALECT, type CsvDialect, TEXT_DIALECT } from './csv-dialect.js';
import { CsvFormat, type CsvSettings } from './csv-format.js';

const dir = mkdtempSync(join(tmpdir(), 'larch-csv-pieces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function format(
  dialect: CsvDialect,
  columns: number,
  pieceBytes?: number,
  settings: Partial<CsvSettings> = {},
): CsvFormat {
  return new CsvFormat({
    dialect,
    columns: Array.from({ length: columns }, (_, k) => ({ name: `c${k}`, type: Types.text })),
    compression: 'none',
    ignoreErrors: false,
    convert: { timeZone: 'UTC', dateFormat: null, timestampFormat: null },
    bytesPerRow: 10,
    sniffedTypes: false,
    pieceBytes,
    ...settings,
  });
}

async function rowsOf(f: CsvFormat, file: string, pieces: readonly FilePiece[]): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  const request = { columns: f.columns.map((_, k) => k), filters: [], signal: undefined };
  for (const piece of pieces) {
    for await (const b of f.read(file, piece, request) as AsyncIterable<Batch>) {
      for (let i = 0; i < b.length; i++) rows.push(b.columns.map((v) => getScalar(v, i)));
    }
  }
  return rows;
}

describe('csv pieces', () => {
  it('reads the same rows in pieces as whole, for every split size', async () => {
    const lines = ['id,text,note'];
    for (let i = 0; i < 200; i++) {
      const text = i % 3 === 0 ? `"line\nbreak, ""quoted"" ${i}"` : i % 3 === 1 ? `plain ${i}` : '""';
      lines.push(`${i},${text},${i % 5 === 0 ? '"a\r\nb"' : 'n'}${i % 2 === 0 ? '\r' : ''}`);
      if (i % 7 === 0) lines.push('');
    }
    const file = write('tricky.csv', lines.join('\n') + '\n');
    const dialect = { ...CSV_DIALECT, header: true };
    const whole = await rowsOf(format(dialect, 3), file, [{ index: 0, rows: undefined }]);
    expect(whole).toHaveLength(200);
    expect(whole[3]).toEqual(['3', 'line\nbreak, "quoted" 3', 'n']);
    for (const size of [5, 17, 64, 100, 333, 1000]) {
      const f = format(dialect, 3, size);
      const pieces = f.pieces(file);
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces[0]!.range![0]).toBe(0);
      pieces.slice(1).forEach((p, i) => expect(p.range![0]).toBe(pieces[i]!.range![1]));
      expect(await rowsOf(f, file, pieces)).toEqual(whole);
    }
  });

  it('splits the text format only after line ends no backslash escapes', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 300; i++)
      lines.push(`${i}\t${i % 4 === 0 ? 'two\\\nlines' : i % 4 === 1 ? 'ends\\\\' : 'x'}`);
    const file = write('text.tsv', lines.join('\n') + '\n');
    const whole = await rowsOf(format(TEXT_DIALECT, 2), file, [{ index: 0, rows: undefined }]);
    expect(whole).toHaveLength(300);
    expect(whole[0]).toEqual(['0', 'two\nlines']);
    expect(whole[1]).toEqual(['1', 'ends\\']);
    for (const size of [9, 50, 250]) {
      const f = format(TEXT_DIALECT, 2, size);
      expect(f.pieces(file).length).toBeGreaterThan(1);
      expect(await rowsOf(f, file, f.pieces(file))).toEqual(whole);
    }
  });

  it('keeps small files, other escapes and ignore_errors whole', () => {
    const file = write('small.csv', 'a,b\n1,2\n3,4\n');
    expect(format(CSV_DIALECT, 2, 1 << 20).pieces(file)).toHaveLength(1);
    expect(format({ ...CSV_DIALECT, escape: '\\' }, 2, 2).pieces(file)).toHaveLength(1);
    const f = format(CSV_DIALECT, 1, 2, { ignoreErrors: true });
    expect(f.pieces(file)).toHaveLength(1);
    expect(f.toWire()).toBeUndefined();
  });

  it("names the file's own line for an error in a later piece", async () => {
    const lines = ['n'];
    for (let i = 1; i <= 100; i++) lines.push(i === 77 ? 'oops' : String(i));
    const file = write('bad.csv', lines.join('\n') + '\n');
    const f = format({ ...CSV_DIALECT, header: true }, 1, 40, {
      columns: [{ name: 'n', type: Types.int4 }],
      bytesPerRow: 3,
    });
    const pieces = f.pieces(file);
    expect(pieces.length).toBeGreaterThan(3);
    await expect(rowsOf(f, file, pieces)).rejects.toThrow(/line 78, column "n"/);
  });
});

describe('read_csv on threads', () => {
  it('counts and sums a large file in pieces on the workers, as on one thread', async () => {
    // 34 MB: just over two pieces of 16 MB.
    const row = (i: number) => `${i},"text, with a comma ${i % 1000}",${(i % 97) / 4}\n`;
    const parts: string[] = ['id,label,x\n'];
    let size = 0;
    let n = 0;
    while (size < 34 << 20) {
      const r = row(n++);
      parts.push(r);
      size += r.length;
    }
    const file = write('large.csv', parts.join(''));
    const engine = await Engine.open();
    try {
      const sql = `SELECT count(*), sum(id), sum(x), min(label), max(label) FROM read_csv('${file}')`;
      await engine.sql('SET threads = 2');
      const plan = (await engine.sql(`EXPLAIN ${sql}`)).textRows().join('\n');
      expect(plan).toMatch(/Gather .* read_csv/);
      const two = (await engine.sql(sql)).textRows();
      await engine.sql('SET threads = 1');
      expect((await engine.sql(sql)).textRows()).toEqual(two);
      expect(two[0]![0]).toBe(String(n));
      expect(two[0]![1]).toBe(String((n * (n - 1)) / 2));
      const count = await engine.sql(`SELECT count(*) FROM read_csv('${file}')`);
      expect(count.textRows()).toEqual([[String(n)]]);
    } finally {
      await engine.close();
    }
  });
});
