// Reading delimited text files: blocks of bytes are tokenized into records, records checked for
// their field count and converted column by column into batches; bad rows stop the statement
// with the file, line and column, or are skipped and counted with ignore_errors.

import { statSync } from 'node:fs';
import { BATCH_SIZE, type Batch, gatherBatch } from '../../columnar/batch.js';
import type { Vector } from '../../columnar/vector.js';
import type { SourceColumn } from '../../catalog/table-source.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, typeShortName } from '../../types/data-type.js';
import { BLOCK_BYTES, type Compression, lineAt, textBlocks } from '../byte-stream.js';
import { dataError, locateError } from '../file-errors.js';
import type { FileFormat, FilePiece, PieceRequest, Rejects } from '../file-source.js';
import type { WireFormat } from '../wire-file-source.js';
import { timeZoneFromName, UTC } from '../../types/datetime.js';
import { type BadValue, type ConvertOptions, convertColumn } from './csv-columns.js';
import type { CsvDialect } from './csv-dialect.js';
import { CsvFields } from './csv-fields.js';
import { csvPieces } from './csv-pieces.js';
import { CsvRecords, tokenize } from './csv-tokenizer.js';
import { compileDateFormat } from './date-format.js';

/** Records longer than this are an error rather than unbounded buffering (an unclosed quote). */
const DEFAULT_MAX_LINE_BYTES = 64 << 20;

export interface CsvSettings {
  readonly dialect: CsvDialect;
  readonly columns: readonly SourceColumn[];
  readonly compression: Compression;
  readonly ignoreErrors: boolean;
  readonly convert: CsvConversions;
  /** Bytes per row in the sample, for row estimates. */
  readonly bytesPerRow: number;
  /** Column types were detected, not given: errors suggest giving them. */
  readonly sniffedTypes: boolean;
  readonly maxLineBytes?: number;
  /** HEADER MATCH: the header's names must be the columns' names. */
  readonly matchHeader?: boolean;
  /**
   * Files of at least twice this many bytes are read in pieces of about this size, which threads
   * parse apart (their rows then come in no particular order); undefined reads every file whole.
   */
  readonly pieceBytes?: number;
}

/** How text becomes dates, timestamps and timestamptz values, as data (threads compile it). */
export interface CsvConversions {
  readonly timeZone: string;
  readonly dateFormat: string | null;
  readonly timestampFormat: string | null;
}

export function compileConversions(c: CsvConversions): ConvertOptions {
  return {
    timeZone: timeZoneFromName(c.timeZone) ?? UTC,
    dateFormat: c.dateFormat === null ? null : compileDateFormat(c.dateFormat, false),
    timestampFormat: c.timestampFormat === null ? null : compileDateFormat(c.timestampFormat, true),
  };
}

export class CsvFormat implements FileFormat {
  readonly columns: readonly SourceColumn[];
  readonly rejects: Rejects = { count: 0, first: null };

  readonly parsesRows = true;
  private readonly convertOptions: ConvertOptions;

  constructor(private readonly settings: CsvSettings) {
    this.columns = settings.columns;
    this.convertOptions = compileConversions(settings.convert);
  }

  /** Pieces of a large file when it may be split: rows skipped with ignore_errors are counted here. */
  pieces(file: string): readonly FilePiece[] {
    const { pieceBytes, ignoreErrors, dialect } = this.settings;
    if (pieceBytes === undefined || ignoreErrors || dialect.skip > 0) return [{ index: 0, rows: undefined }];
    return csvPieces(file, dialect, this.settings.compression, pieceBytes, this.settings.bytesPerRow);
  }

  /** Threads read pieces with the same settings; not with ignore_errors, whose count is kept here. */
  toWire(): WireFormat | undefined {
    return this.settings.ignoreErrors ? undefined : { kind: 'csv', settings: this.settings };
  }

  estimatedRows(files: readonly string[]): number {
    let bytes = 0;
    for (const f of files) {
      try {
        bytes += statSync(f).size;
      } catch {
        // Missing files fail at scan time with a proper error.
      }
    }
    return Math.max(1, Math.round(bytes / Math.max(1, this.settings.bytesPerRow)));
  }

  private reject(message: string): void {
    this.rejects.count++;
    this.rejects.first ??= message;
  }

  async *read(file: string, piece: FilePiece, request: PieceRequest): AsyncIterable<Batch> {
    const { dialect } = this.settings;
    const maxLine = this.settings.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const records = new CsvRecords(BLOCK_BYTES >> 2);
    // Lines are counted from the piece's start; a later piece learns its first line on error only.
    const from = piece.range?.[0] ?? 0;
    let firstLine = from === 0 ? 1 : undefined;
    const where = (line: number) => `line ${(firstLine ??= lineAt(file, from)) + line - 1}`;
    let line = 1;
    let skip = from === 0 ? dialect.skip : 0;
    let header = from === 0 && dialect.header;
    const carried: { bytes: Uint8Array } = { bytes: new Uint8Array(0) };
    const blocks = textBlocks(file, this.settings.compression, piece.range, carried);
    try {
      for (let done = false; !done;) {
        const next = await blocks.next();
        done = next.done === true;
        let buf = done ? carried.bytes : (next.value as Uint8Array);
        // Lines skipped before the header (skip => n).
        while (skip > 0 && buf.length > 0) {
          const nl = buf.indexOf(10);
          if (nl < 0 && !done) break;
          buf = nl < 0 ? buf.subarray(buf.length) : buf.subarray(nl + 1);
          skip--;
          line++;
        }
        records.reset();
        const r = tokenize(buf, buf.length, dialect, records, line, done);
        if (done && r.unterminatedQuote)
          throw dataError(SqlState.badCopyFileFormat, file, where(r.line), 'unterminated CSV quoted field');
        if (done && r.consumed < buf.length)
          throw dataError(SqlState.badCopyFileFormat, file, where(r.line), 'unexpected end of data');
        carried.bytes = buf.subarray(r.consumed);
        if (carried.bytes.length > maxLine)
          throw dataError(
            SqlState.programLimitExceeded,
            file,
            where(r.line),
            `a record is longer than ${maxLine} bytes (an unterminated quote?)`,
          );
        line = r.line;
        let first = 0;
        const fields = new CsvFields(buf, records, dialect);
        if (header && records.count > 0) {
          if (this.settings.matchHeader) this.matchHeader(file, fields);
          first = 1;
          header = false;
        }
        for (let start = first; start < records.count; start += BATCH_SIZE) {
          const end = Math.min(records.count, start + BATCH_SIZE);
          const batch = this.convert(file, fields, start, end, request, where);
          if (batch.length > 0) yield batch;
        }
      }
    } finally {
      // Closes the file when the reader stops early (LIMIT, an error).
      await blocks.return(undefined);
    }
  }

  /** Records [start, end) as a batch of the requested columns. */
  private convert(
    file: string,
    fields: CsvFields,
    start: number,
    end: number,
    request: PieceRequest,
    where: (line: number) => string,
  ): Batch {
    const { records } = fields;
    const width = this.columns.length;
    const n = end - start;
    let rejected: Uint8Array | null = null;
    const rejectRow = (row: number, message: string) => {
      if (!this.settings.ignoreErrors) throw new LarchError(SqlState.badCopyFileFormat, message);
      rejected ??= new Uint8Array(n);
      if (rejected[row] === 0) this.reject(message);
      rejected[row] = 1;
    };
    for (let i = 0; i < n; i++) {
      const w = records.recordWidth[start + i]!;
      if (w === width) continue;
      // Errors are reported in file order: a bad value on an earlier line comes first.
      if (!this.settings.ignoreErrors && i > 0) this.convert(file, fields, start, start + i, request, where);
      const reason =
        w < width
          ? `missing data for column "${this.columns[w]!.name}"`
          : 'extra data after last expected column';
      rejectRow(
        i,
        dataError(SqlState.badCopyFileFormat, file, where(records.recordLine[start + i]!), reason).message,
      );
    }
    const columns: Vector[] = request.columns.map((c) => {
      const { name, type } = this.columns[c]!;
      const idx = new Int32Array(n);
      for (let i = 0; i < n; i++)
        // Rows with the wrong field count are already rejected: any field of theirs will do.
        idx[i] = records.recordField[start + i]! + (records.recordWidth[start + i] === width ? c : 0);
      const bad: BadValue = (row, e) => {
        const at = `${where(records.recordLine[start + row]!)}, column "${name}"`;
        const err = this.withHint(locateError(e, file, at), type);
        if (!this.settings.ignoreErrors) throw err;
        rejectRow(row, err.message);
      };
      return convertColumn(type, fields, idx, n, this.convertOptions, bad);
    });
    const b: Batch = { length: n, columns };
    if (rejected === null) return b;
    const keep = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) if ((rejected as Uint8Array)[i] === 0) keep[k++] = i;
    return gatherBatch(b, keep, k);
  }

  /** HEADER MATCH, as PostgreSQL 15 checks it: the same number of names, each equal. */
  private matchHeader(file: string, fields: CsvFields): void {
    const r = fields.records;
    const width = r.recordWidth[0]!;
    if (width !== this.columns.length)
      throw dataError(
        SqlState.badCopyFileFormat,
        file,
        'line 1',
        `wrong number of fields in header line: got ${width}, expected ${this.columns.length}`,
      );
    this.columns.forEach((c, k) => {
      const name = fields.isNull(r.recordField[0]! + k) ? null : fields.text(r.recordField[0]! + k);
      if (name !== c.name)
        throw dataError(
          SqlState.badCopyFileFormat,
          file,
          'line 1',
          `column name mismatch in header line field ${k + 1}: got "${name ?? 'null'}", expected "${c.name}"`,
        );
    });
  }

  private withHint(e: LarchError, type: DataType): LarchError {
    if (!this.settings.sniffedTypes || e.hint !== undefined) return e;
    return new LarchError(e.code, e.message, {
      hint: `The column's type (${typeShortName(type)}) was detected from the first rows; give it with types => '{"column": "text"}' or read all columns as text with all_varchar => true.`,
      cause: e,
    });
  }
}
