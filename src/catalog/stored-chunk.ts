// A table chunk that lives in the database directory and is decoded column by column on first use,
// so opening a database reads no table data and a scan decodes only the columns it reads.

import { type Batch, gatherBatch } from '../columnar/batch.js';
import type { Scalar, Vector } from '../columnar/vector.js';
import { getScalar } from '../columnar/vector-ops.js';
import { PackedChunk } from './packed-chunk.js';

export interface StoredChunk {
  readonly length: number;
  /** Column `c`, decoded on first use and kept. */
  column(c: number): Vector;
  /** The whole chunk, every column decoded. */
  load(): Batch;
}

/** A chunk as TableData holds it: in memory, or stored and loaded on demand. */
export type ChunkSlot = Batch | StoredChunk;

export function isStoredChunk(slot: ChunkSlot): slot is StoredChunk {
  return 'load' in slot;
}

export function loadChunk(slot: ChunkSlot): Batch {
  return isStoredChunk(slot) ? slot.load() : slot;
}

export function chunkColumn(slot: ChunkSlot, c: number): Vector {
  return isStoredChunk(slot) ? slot.column(c) : slot.columns[c]!;
}

/** Row `row` of column `c` (a packed column decodes only that string). */
export function chunkValue(slot: ChunkSlot, c: number, row: number): Scalar {
  return slot instanceof PackedChunk ? slot.value(c, row) : getScalar(chunkColumn(slot, c), row);
}

/** Rows `rows` of the given columns (a packed column decodes only their strings when they are few). */
export function gatherChunk(slot: ChunkSlot, columns: readonly number[], rows: Int32Array): Batch {
  if (slot instanceof PackedChunk) return slot.gather(columns, rows);
  return gatherBatch(
    { length: slot.length, columns: columns.map((c) => chunkColumn(slot, c)) },
    rows,
    rows.length,
  );
}
