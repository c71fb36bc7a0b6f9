// Reading Arrow IPC files (the file format, .arrow/.feather, and the stream format, .arrows):
// the file is loaded once and its record batches are used in place (zero-copy views), one piece
// per record batch.

import { readFileSync, statSync } from 'node:fs';
import * as arrow from 'apache-arrow';
import { dataTypeFromArrow, vectorFromArrow } from '../../columnar/arrow-import.js';
import { BATCH_SIZE, type Batch, sliceBatch } from '../../columnar/batch.js';
import { nullVector } from '../../columnar/vector-ops.js';
import type { SourceColumn } from '../../catalog/table-source.js';
import { SqlState } from '../../engine/errors.js';
import { dataError, fileError, locateError } from '../file-errors.js';
import type { FileFormat, FilePiece, PieceRequest } from '../file-source.js';

/** The last file loaded, reused by the pieces of a scan while it is unchanged. */
let cached: { path: string; size: number; mtime: number; table: arrow.Table } | null = null;

export function loadArrowFile(path: string): arrow.Table {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    throw fileError(e, path, 'open file');
  }
  if (cached !== null && cached.path === path && cached.size === stat.size && cached.mtime === stat.mtimeMs)
    return cached.table;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw fileError(e, path, 'read file');
  }
  let table: arrow.Table;
  try {
    table = arrow.tableFromIPC(bytes);
  } catch (e) {
    throw dataError(SqlState.dataCorrupted, path, '', `not a valid Arrow IPC file: ${(e as Error).message}`);
  }
  if (table.schema.fields.length === 0 && bytes.length > 0)
    throw dataError(SqlState.dataCorrupted, path, '', 'not a valid Arrow IPC file');
  cached = { path, size: stat.size, mtime: stat.mtimeMs, table };
  return table;
}

export class ArrowFormat implements FileFormat {
  readonly columns: readonly SourceColumn[];

  constructor(files: readonly string[]) {
    this.columns = loadArrowFile(files[0]!).schema.fields.map((f) => ({
      name: f.name,
      type: dataTypeFromArrow(f.type),
    }));
  }

  pieces(file: string): readonly FilePiece[] {
    return loadArrowFile(file).batches.map((b, index) => ({ index, rows: b.numRows }));
  }

  estimatedRows(files: readonly string[]): number {
    return files.reduce((s, f) => s + loadArrowFile(f).numRows, 0);
  }

  async *read(file: string, piece: FilePiece, request: PieceRequest): AsyncIterable<Batch> {
    const rb = loadArrowFile(file).batches[piece.index]!;
    let b: Batch;
    try {
      b = {
        length: rb.numRows,
        columns: request.columns.map((c) => {
          const { name, type } = this.columns[c]!;
          const child = rb.getChild(name);
          return child === null ? nullVector(type, rb.numRows) : vectorFromArrow(child.data[0]!, type);
        }),
      };
    } catch (e) {
      throw locateError(e, file, `record batch ${piece.index}`);
    }
    for (let start = 0; start < b.length; start += BATCH_SIZE)
      yield sliceBatch(b, start, Math.min(b.length, start + BATCH_SIZE));
  }
}
