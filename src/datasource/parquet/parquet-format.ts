// Reading Parquet files: one row group at a time through parquet-wasm, only the columns asked for,
// skipping row groups whose statistics rule the filters out.

import { BATCH_SIZE, type Batch, sliceBatch } from '../../columnar/batch.js';
import type { Vector } from '../../columnar/vector.js';
import { nullVector } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { commonType } from '../../types/coercion.js';
import { dataError, locateError } from '../file-errors.js';
import type { FileFormat, FilePiece, PieceRequest } from '../file-source.js';
import { mayMatch } from '../min-max-pruning.js';
import { rowTests } from '../row-tests.js';
import { parquetFooter } from './parquet-footer.js';
import { type ParquetColumn, parquetColumns } from './parquet-schema.js';
import { rowGroupStats } from './parquet-stats.js';
import { parquetWasm, type WasmTable, wasmMessage, wasmTableToVectors } from './parquet-wasm.js';
import type { NamedVectors } from './wasm-ffi.js';
import { withWasmFile } from './wasm-handles.js';
import type { WireFormat } from '../wire-file-source.js';

/** Rows parquet-wasm decodes per Arrow batch: its default of 1024 is ~50x slower. */
const WASM_BATCH_ROWS = 131_072;

export class ParquetFormat implements FileFormat {
  readonly columns: readonly ParquetColumn[];

  /**
   * Columns of the first file, or with `unionByName` of all files (missing ones read as NULL);
   * `columns` when given (a worker's copy of a format already resolved).
   */
  constructor(
    files: readonly string[],
    private readonly unionByName: boolean,
    columns?: readonly ParquetColumn[],
  ) {
    if (columns !== undefined) {
      this.columns = columns;
      return;
    }
    const first = parquetColumns(parquetFooter(files[0]!));
    if (!unionByName) {
      this.columns = first;
      return;
    }
    const byName = new Map<string, ParquetColumn>();
    for (const file of files) {
      for (const c of parquetColumns(parquetFooter(file))) {
        const seen = byName.get(c.name);
        byName.set(
          c.name,
          seen === undefined ? c : { ...seen, type: commonType([seen.type, c.type], 'union_by_name') },
        );
      }
    }
    this.columns = [...byName.values()].map((c) => ({ ...c, leaf: undefined }));
  }

  toWire(): WireFormat {
    return { kind: 'parquet', columns: this.columns, unionByName: this.unionByName };
  }

  pieces(file: string): readonly FilePiece[] {
    return parquetFooter(file).row_groups.map((g, index) => ({ index, rows: Number(g.num_rows) }));
  }

  estimatedRows(files: readonly string[]): number {
    return files.reduce((s, f) => s + Number(parquetFooter(f).num_rows), 0);
  }

  async *read(file: string, piece: FilePiece, request: PieceRequest): AsyncIterable<Batch> {
    const footer = parquetFooter(file);
    const group = footer.row_groups[piece.index]!;
    const rows = Number(group.num_rows);
    // This file's own columns, matched to the source's by name.
    const own = parquetColumns(footer);
    const mapped = this.columns.map((c) => own.find((o) => o.name === c.name));
    const stats = rowGroupStats(
      group,
      mapped.map((c, i) => ({ ...this.columns[i]!, leaf: c?.leaf })),
    );
    if (request.filters.some((f) => !mayMatch(f, stats))) return;
    const missing = request.columns.find((c) => mapped[c] === undefined);
    if (missing !== undefined && !this.unionByName) {
      throw dataError(
        SqlState.badCopyFileFormat,
        file,
        '',
        `column "${this.columns[missing]!.name}" of the first file is missing`,
        {
          hint: 'Read files with different columns with union_by_name => true.',
        },
      );
    }
    const present = request.columns.filter((c) => mapped[c] !== undefined);
    if (present.length === 0) {
      // count(*) and friends: the row count is in the footer.
      for (let start = 0; start < rows; start += BATCH_SIZE) {
        const n = Math.min(BATCH_SIZE, rows - start);
        yield { length: n, columns: request.columns.map((c) => nullVector(this.columns[c]!.type, n)) };
      }
      return;
    }
    const pw = await parquetWasm();
    let table: WasmTable;
    try {
      table = await withWasmFile(file, (handle) =>
        handle.read({
          columns: present.map((c) => this.columns[c]!.name),
          rowGroups: [piece.index],
          batchSize: WASM_BATCH_ROWS,
        }),
      );
    } catch (e) {
      if (e instanceof LarchError) throw e;
      throw dataError(
        SqlState.dataCorrupted,
        file,
        `row group ${piece.index}`,
        `corrupt Parquet data: ${wasmMessage(e)}`,
      );
    }
    const types = new Map(present.map((c) => [this.columns[c]!.name, this.columns[c]!.type] as const));
    // Row tests on columns this file has; only the rows they leave are converted.
    const tests = new Map(
      rowTests(request.filters)
        .filter((t) => mapped[t.column] !== undefined)
        .map((t) => [this.columns[t.column]!.name, t] as const),
    );
    let batches: NamedVectors[];
    try {
      batches = wasmTableToVectors(pw, table, types, tests);
    } catch (e) {
      throw locateError(e, file, `row group ${piece.index}`);
    }
    for (const rb of batches) {
      const columns: Vector[] = request.columns.map((c) => {
        const { name, type } = this.columns[c]!;
        return rb.columns.get(name) ?? nullVector(type, rb.length);
      });
      const b: Batch = { length: rb.length, columns };
      for (let start = 0; start < b.length; start += BATCH_SIZE)
        yield sliceBatch(b, start, Math.min(b.length, start + BATCH_SIZE));
    }
  }
}
