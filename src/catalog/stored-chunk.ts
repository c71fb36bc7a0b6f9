// A table chunk that lives in the database directory and is decoded column by column on first use,
// so opening a database reads no table data and a scan decodes only the columns it reads.

import type { Batch } from '../columnar/batch.js';
import type { Vector } from '../columnar/vector.js';

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
