// A TableSource over a set of files of one format: files split into pieces (row groups, byte
// ranges), pieces grouped into partitions, hive partition values and the file name added as
// constant columns, and folders or pieces skipped when the filters rule them out.

import type { Batch } from '../columnar/batch.js';
import type { Vector } from '../columnar/vector.js';
import { constVector } from '../columnar/vector-ops.js';
import type { ScanRequest, SourceColumn, SourcePartition, TableSource } from '../catalog/table-source.js';
import { LarchError, SqlState } from '../engine/errors.js';
import { type Expr, exprColumns } from '../logical/expr.js';
import { Types } from '../types/data-type.js';
import { type HiveColumn, hiveValues } from './hive-partitions.js';
import { comparableValue, mayMatch } from './min-max-pruning.js';
import type { WireFileSource, WireFormat } from './wire-file-source.js';

/** One independently readable part of a file. */
export interface FilePiece {
  readonly index: number;
  /** Rows in the piece when known (Parquet row groups) or estimated, for balancing and estimates. */
  readonly rows: number | undefined;
  /** Bytes [start, end) of the file, for pieces of a text file that start at record boundaries. */
  readonly range?: readonly [number, number];
}

export interface PieceRequest {
  /** File column positions to read, in output order. */
  readonly columns: readonly number[];
  /** Filters over file column positions only, for skipping data. */
  readonly filters: readonly Expr[];
  readonly signal: AbortSignal | undefined;
}

/** Rows skipped with ignore_errors, and why the first one was. */
export interface Rejects {
  count: number;
  first: string | null;
}

/** What a format (CSV, JSON, Parquet, Arrow) provides to the file source. */
export interface FileFormat {
  readonly columns: readonly SourceColumn[];
  /** The pieces of a file (synchronous: partitioning happens at plan time). */
  pieces(file: string): readonly FilePiece[];
  read(file: string, piece: FilePiece, request: PieceRequest): AsyncIterable<Batch>;
  /** Rough row count of the files, for join ordering. */
  estimatedRows(files: readonly string[]): number;
  /** Set for text formats: rows are found by parsing, even when no column is read. */
  readonly parsesRows?: boolean;
  /**
   * The format as structured-clonable data, for worker threads that read pieces themselves (see
   * wire-file-source.ts); formats without it (or returning undefined) are read on the calling thread.
   */
  toWire?(): WireFormat | undefined;
}

export interface FilePartition extends SourcePartition {
  readonly index: number;
  readonly pieces: readonly { readonly file: number; readonly piece: FilePiece }[];
}

/** Row ids of file sources: partition index in the high bits, ordinal within it in the low ones. */
const ROW_ID_STRIDE = 2 ** 36;

export class FileSource implements TableSource {
  readonly columns: readonly SourceColumn[];
  readonly toWire?: (partitions?: readonly SourcePartition[]) => WireFileSource;
  /** Workers open the files and read them again: a join's build side is better read once here. */
  readonly readsOnWorkers = true;
  readonly parsesRows: boolean;

  constructor(
    readonly name: string,
    private readonly format: FileFormat,
    private readonly files: readonly string[],
    private readonly hive: readonly HiveColumn[],
    private readonly filename: boolean,
    /** A worker's share of the pieces (see wire-file-source.ts): the only partitions it has. */
    private readonly fixed?: readonly FilePartition[],
  ) {
    this.columns = [
      ...format.columns,
      ...hive,
      ...(filename ? [{ name: 'filename', type: Types.text }] : []),
    ];
    this.parsesRows = format.parsesRows === true;
    const wireFormat = format.toWire?.();
    if (wireFormat !== undefined) {
      // Workers get the files and their share of the pieces, never the data.
      this.toWire = (partitions) => ({
        kind: 'file',
        name,
        format: wireFormat,
        files,
        hive,
        filename,
        partitions: (partitions ?? fixed) as readonly FilePartition[] | undefined,
      });
    }
  }

  estimatedRows(): number {
    if (this.fixed !== undefined)
      return this.fixed.reduce((s, p) => s + p.pieces.reduce((n, x) => n + (x.piece.rows ?? 0), 0), 0);
    return this.format.estimatedRows(this.files);
  }

  partitions(target: number): readonly SourcePartition[] {
    if (this.fixed !== undefined) return this.fixed;
    const all = this.files.flatMap((f, file) => this.format.pieces(f).map((piece) => ({ file, piece })));
    const count = Math.max(1, Math.min(target, all.length));
    const parts: FilePartition[] = [];
    for (let p = 0; p < count; p++) {
      const pieces = all.slice(
        Math.floor((p * all.length) / count),
        Math.floor(((p + 1) * all.length) / count),
      );
      const files = new Set(pieces.map((x) => this.files[x.file]));
      parts.push({ label: `${files.size} file(s), ${pieces.length} piece(s)`, index: p, pieces });
    }
    return parts;
  }

  /** The constant columns of a file: hive partition values, then the file name. */
  private constants(file: string): (string | number | null)[] {
    const values = hiveValues(file, this.hive) as (string | number | null)[];
    if (this.filename) values.push(file);
    return values;
  }

  /** Whether the filters over constant columns alone let a file be skipped. */
  private skipFile(file: string, filters: readonly Expr[]): boolean {
    if (filters.length === 0) return false;
    const width = this.format.columns.length;
    const values = this.constants(file);
    return filters.some(
      (f) =>
        !mayMatch(f, (column) => {
          if (column < width) return undefined;
          const type = this.columns[column]!.type;
          const v = values[column - width] ?? null;
          const c = comparableValue(type, v);
          return { min: c, max: c, nullCount: v === null ? 1 : 0, rowCount: 1 };
        }),
    );
  }

  async *scan(partition: SourcePartition, request: ScanRequest): AsyncIterable<Batch> {
    const width = this.format.columns.length;
    const onlyFile = (f: Expr) => [...exprColumns(f)].every((c) => c < width);
    const constantFilters = request.filters.filter((f) => [...exprColumns(f)].every((c) => c >= width));
    const fileColumns = request.columns.filter((c) => c < width);
    const pieceRequest: PieceRequest = {
      columns: fileColumns,
      filters: request.filters.filter(onlyFile),
      signal: request.signal,
    };
    const { pieces, index } = partition as FilePartition;
    let ordinal = index * ROW_ID_STRIDE;
    for (const { file: fileIndex, piece } of pieces) {
      const file = this.files[fileIndex]!;
      if (this.skipFile(file, constantFilters)) continue;
      const constants = this.constants(file);
      for await (const b of this.format.read(file, piece, pieceRequest)) {
        if (request.signal?.aborted)
          throw new LarchError(SqlState.queryCanceled, 'canceling statement due to user request');
        let k = 0;
        const columns: Vector[] = request.columns.map((c) =>
          c < width
            ? b.columns[k++]!
            : constVector(this.columns[c]!.type, constants[c - width] ?? null, b.length),
        );
        if (request.rowIds) {
          const ids = new Float64Array(b.length);
          for (let i = 0; i < b.length; i++) ids[i] = ordinal++;
          columns.push({ kind: 'f64', type: Types.int8, length: b.length, validity: null, data: ids });
        }
        yield { length: b.length, columns };
      }
    }
  }
}
