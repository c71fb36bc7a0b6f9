// Reading Parquet files: one row group at a time through parquet-wasm, only the columns asked for,
// skipping row groups whose statistics rule the filters out.

import { openAsBlob } from 'node:fs';
import { BATCH_SIZE, type Batch, sliceBatch } from '../../columnar/batch.js';
import { vectorFromArrow } from '../../columnar/arrow-import.js';
import type { Vector } from '../../columnar/vector.js';
import { nullVector } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { commonType } from '../../types/coercion.js';
import { dataError, fileError, locateError } from '../file-errors.js';
import type { FileFormat, FilePiece, PieceRequest } from '../file-source.js';
import { mayMatch } from '../min-max-pruning.js';
import { parquetFooter } from './parquet-footer.js';
import { type ParquetColumn, parquetColumns } from './parquet-schema.js';
import { rowGroupStats } from './parquet-stats.js';
import { parquetWasm, wasmMessage, wasmTableToArrow } from './parquet-wasm.js';

/** Rows parquet-wasm decodes per Arrow batch: its default of 1024 is ~50x slower. */
const WASM_BATCH_ROWS = 131_072;
/** Open file handles kept between row groups of a scan. */
const OPEN_HANDLES = 4;

type WasmFile = Awaited<ReturnType<Awaited<ReturnType<typeof parquetWasm>>['ParquetFile']['fromFile']>>;

export class ParquetFormat implements FileFormat {
  readonly columns: readonly ParquetColumn[];
  private readonly handles = new Map<string, Promise<WasmFile>>();

  /** Columns of the first file, or with `unionByName` of all files (missing ones read as NULL). */
  constructor(
    files: readonly string[],
    private readonly unionByName: boolean,
  ) {
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

  pieces(file: string): readonly FilePiece[] {
    return parquetFooter(file).row_groups.map((g, index) => ({ index, rows: Number(g.num_rows) }));
  }

  estimatedRows(files: readonly string[]): number {
    return files.reduce((s, f) => s + Number(parquetFooter(f).num_rows), 0);
  }

  private open(file: string): Promise<WasmFile> {
    let handle = this.handles.get(file);
    if (handle === undefined) {
      handle = (async () => {
        const pw = await parquetWasm();
        let blob: Blob;
        try {
          blob = await openAsBlob(file);
        } catch (e) {
          throw fileError(e, file, 'open file');
        }
        try {
          return await pw.ParquetFile.fromFile(blob);
        } catch (e) {
          throw dataError(SqlState.dataCorrupted, file, '', `corrupt Parquet file: ${wasmMessage(e)}`);
        }
      })();
      this.handles.set(file, handle);
      handle.catch(() => this.handles.delete(file));
      if (this.handles.size > OPEN_HANDLES) {
        const [oldest, evicted] = this.handles.entries().next().value!;
        this.handles.delete(oldest);
        void evicted.then((h) => h.free()).catch(() => undefined);
      }
    }
    return handle;
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
    const handle = await this.open(file);
    let table;
    try {
      const wasmTable = await handle.read({
        columns: present.map((c) => this.columns[c]!.name),
        rowGroups: [piece.index],
        batchSize: WASM_BATCH_ROWS,
      });
      table = wasmTableToArrow(wasmTable);
    } catch (e) {
      if (e instanceof LarchError) throw e;
      throw dataError(
        SqlState.dataCorrupted,
        file,
        `row group ${piece.index}`,
        `corrupt Parquet data: ${wasmMessage(e)}`,
      );
    }
    for (const rb of table.batches) {
      let columns: Vector[];
      try {
        columns = request.columns.map((c) => {
          const { name, type } = this.columns[c]!;
          const child = rb.getChild(name);
          return child === null ? nullVector(type, rb.numRows) : vectorFromArrow(child.data[0]!, type);
        });
      } catch (e) {
        throw locateError(e, file, `row group ${piece.index}`);
      }
      const b: Batch = { length: rb.numRows, columns };
      for (let start = 0; start < b.length; start += BATCH_SIZE)
        yield sliceBatch(b, start, Math.min(b.length, start + BATCH_SIZE));
    }
  }
}
