// Reading JSON files: records split from byte blocks, parsed with JSON.parse, and their values
// converted column by column. Newline-delimited files split into byte ranges that read in
// parallel partitions; a syntax error names the file and line, or skips the record with
// ignore_errors.

import { statSync } from 'node:fs';
import { BATCH_SIZE, type Batch } from '../../columnar/batch.js';
import type { Scalar, Vector } from '../../columnar/vector.js';
import { vectorFromScalars } from '../../columnar/vector-ops.js';
import type { SourceColumn } from '../../catalog/table-source.js';
import { SqlState } from '../../engine/errors.js';
import type { TimeZone } from '../../types/datetime.js';
import { byteBlocks, type Compression, isCompressed, lineAt, rangeBlocks } from '../byte-stream.js';
import { dataError, fileError, locateError } from '../file-errors.js';
import type { FileFormat, FilePiece, PieceRequest, Rejects } from '../file-source.js';
import { type JsonLayout, JsonRecordList, type SplitState, splitRecords } from './json-records.js';
import { VALUE_COLUMN } from './json-schema.js';
import { jsonToScalar } from './json-values.js';

/** Bytes per piece of an uncompressed newline-delimited file. */
const RANGE_BYTES = 64 << 20;
const decoder = new TextDecoder();

export interface JsonSettings {
  readonly layout: JsonLayout;
  readonly columns: readonly SourceColumn[];
  readonly compression: Compression;
  readonly ignoreErrors: boolean;
  readonly timeZone: TimeZone;
  readonly bytesPerRecord: number;
}

export class JsonFormat implements FileFormat {
  readonly columns: readonly SourceColumn[];
  readonly rejects: Rejects = { count: 0, first: null };

  constructor(private readonly settings: JsonSettings) {
    this.columns = settings.columns;
  }

  pieces(file: string): readonly FilePiece[] {
    if (this.settings.layout !== 'newline_delimited' || isCompressed(file, this.settings.compression))
      return [{ index: 0, rows: undefined }];
    let size: number;
    try {
      size = statSync(file).size;
    } catch (e) {
      throw fileError(e, file, 'open file');
    }
    const count = Math.max(1, Math.ceil(size / RANGE_BYTES));
    return Array.from({ length: count }, (_, index) => ({ index, rows: undefined }));
  }

  estimatedRows(files: readonly string[]): number {
    let bytes = 0;
    for (const f of files) {
      try {
        bytes += statSync(f).size;
      } catch {
        // Reported when scanned.
      }
    }
    return Math.max(1, Math.round(bytes / Math.max(1, this.settings.bytesPerRecord)));
  }

  async *read(file: string, piece: FilePiece, request: PieceRequest): AsyncIterable<Batch> {
    const ranged = this.settings.layout === 'newline_delimited' && piece.index > 0;
    const rangeStart = piece.index * RANGE_BYTES;
    const rangeEnd = rangeStart + RANGE_BYTES;
    const blocks = ranged
      ? rangeBlocks(file, rangeStart - 1)
      : this.settings.layout === 'newline_delimited' && !isCompressed(file, this.settings.compression)
        ? rangeBlocks(file, 0)
        : byteBlocks(file, this.settings.compression);
    const lastPiece =
      this.settings.layout === 'newline_delimited' && this.pieces(file).length - 1 === piece.index;
    const state: SplitState = { line: 1, opened: false, closed: false };
    const records = new JsonRecordList();
    let carry: Uint8Array = new Uint8Array(0);
    // A range starts one byte early: the record it owns first begins after that byte's line end.
    let position = ranged ? rangeStart - 1 : 0;
    let skipFirstLine = ranged;
    let pending: unknown[] = [];
    // Each pending record's line, or for later ranges its byte offset (lines are counted on error).
    let pendingAt: number[] = [];
    const bad = (line: number, reason: string): never => {
      throw dataError(SqlState.invalidTextRepresentation, file, this.where(file, line, ranged), reason);
    };
    try {
      for (let done = false; !done;) {
        const next = await blocks.next();
        done = next.done === true;
        let buf = done ? carry : concat(carry, next.value as Uint8Array);
        let base = position - carry.length;
        if (skipFirstLine) {
          const nl = buf.indexOf(10);
          if (nl < 0 && !done) {
            carry = buf;
            position = base + buf.length;
            continue;
          }
          skipFirstLine = false;
          buf = buf.subarray(nl < 0 ? buf.length : nl + 1);
          base += nl < 0 ? 0 : nl + 1;
        }
        records.reset();
        // A range stops at the first record starting at or after its end.
        const limit =
          ranged || (this.settings.layout === 'newline_delimited' && !lastPiece)
            ? Math.max(0, rangeEnd - base)
            : buf.length;
        const consumed = splitRecords(buf, buf.length, this.settings.layout, records, state, done, bad);
        let stop = false;
        for (let r = 0; r < records.count; r++) {
          if (!lastPiece && this.settings.layout === 'newline_delimited' && records.starts[r]! >= limit) {
            stop = true;
            break;
          }
          const text = decoder.decode(buf.subarray(records.starts[r], records.ends[r]));
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch (e) {
            const where = this.where(file, records.lines[r]!, ranged, base + records.starts[r]!);
            const err = dataError(
              SqlState.invalidTextRepresentation,
              file,
              where,
              `invalid JSON: ${(e as Error).message}`,
            );
            if (!this.settings.ignoreErrors) throw err;
            this.reject(err.message);
            continue;
          }
          pending.push(value);
          pendingAt.push(ranged ? base + records.starts[r]! : records.lines[r]!);
          if (pending.length === BATCH_SIZE) {
            const b = this.convert(file, pending, pendingAt, request, ranged);
            pending = [];
            pendingAt = [];
            if (b.length > 0) yield b;
          }
        }
        if (stop) break;
        carry = buf.subarray(consumed);
        position = base + buf.length;
        if (done && carry.length > 0 && this.settings.layout !== 'newline_delimited')
          bad(state.line, 'unexpected end of JSON input');
      }
    } finally {
      // Closes the file when the range ends before it or the reader stops early (LIMIT, an error).
      await blocks.return(undefined);
    }
    if (this.settings.layout === 'array' && !state.closed && piece.index === 0 && state.opened)
      bad(state.line, 'unexpected end of JSON input (the array is not closed)');
    if (pending.length > 0) {
      const b = this.convert(file, pending, pendingAt, request, ranged);
      if (b.length > 0) yield b;
    }
  }

  private reject(message: string): void {
    this.rejects.count++;
    this.rejects.first ??= message;
  }

  /** Where a record is: its line, counted from the file start for later ranges only when needed. */
  private where(file: string, line: number, ranged: boolean, offset?: number): string {
    if (!ranged || offset === undefined) return `line ${line}`;
    return `line ${lineAt(file, offset)}`;
  }

  private convert(
    file: string,
    values: unknown[],
    at: number[],
    request: PieceRequest,
    ranged: boolean,
  ): Batch {
    const n = values.length;
    const keep = new Uint8Array(n).fill(1);
    const single = this.columns.length === 1 && this.columns[0]!.name === VALUE_COLUMN;
    const columns: Scalar[][] = request.columns.map((c) => {
      const { name, type } = this.columns[c]!;
      const out: Scalar[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const record = values[i];
        const v =
          single &&
          (record === null || typeof record !== 'object' || Array.isArray(record) || !(name in record))
            ? record
            : record !== null && typeof record === 'object' && !Array.isArray(record)
              ? (record as Record<string, unknown>)[name]
              : undefined;
        try {
          out[i] = jsonToScalar(v, type, this.settings.timeZone);
        } catch (e) {
          const err = locateError(e, file, `${this.where(file, at[i]!, ranged, at[i])}, column "${name}"`);
          if (!this.settings.ignoreErrors) throw err;
          if (keep[i] === 1) this.reject(err.message);
          keep[i] = 0;
          out[i] = null;
        }
      }
      return out;
    });
    let rows = n;
    if (keep.includes(0)) {
      rows = 0;
      for (let i = 0; i < n; i++) if (keep[i] === 1) rows++;
      for (let k = 0; k < columns.length; k++) columns[k] = columns[k]!.filter((_, i) => keep[i] === 1);
    }
    const vectors: Vector[] = request.columns.map((c, k) =>
      vectorFromScalars(this.columns[c]!.type, columns[k]!),
    );
    return { length: rows, columns: vectors };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
