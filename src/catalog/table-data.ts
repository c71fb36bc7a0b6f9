// Immutable table contents: a list of chunks (column vectors of up to ROW_GROUP_SIZE rows).
// Writes build new TableData values that share unchanged chunks, so readers and transactions
// keep consistent snapshots for free.

import { BATCH_SIZE, type Batch, sliceBatch } from '../columnar/batch.js';
import type { Vector } from '../columnar/vector.js';
import { concatVectors } from '../columnar/vector-ops.js';
import { invariant } from '../engine/errors.js';
import type { DataType } from '../types/data-type.js';
import type { ScanRequest, SourcePartition, TableSource } from './table-source.js';

/** Rows per stored chunk, as DuckDB's row groups. */
export const ROW_GROUP_SIZE = 122_880;
/** Appends smaller than this are merged with their neighbours once enough pile up. */
const SMALL_CHUNK = 4096;

export type Chunk = Batch;

export class TableData {
  readonly rowCount: number;
  /** starts[i] is the row ordinal of chunk i's first row. */
  private readonly starts: number[];

  constructor(
    readonly types: readonly DataType[],
    readonly chunks: readonly Chunk[],
  ) {
    let total = 0;
    this.starts = chunks.map((c) => {
      const s = total;
      total += c.length;
      return s;
    });
    this.rowCount = total;
  }

  static empty(types: readonly DataType[]): TableData {
    return new TableData(types, []);
  }

  /** A new TableData with `rows` appended; small appends are coalesced with the tail. */
  append(rows: Batch): TableData {
    if (rows.length === 0) return this;
    invariant(rows.columns.length === this.types.length, 'append: column count');
    const chunks = [...this.chunks];
    for (let start = 0; start < rows.length; start += ROW_GROUP_SIZE) {
      chunks.push(sliceBatch(rows, start, Math.min(rows.length, start + ROW_GROUP_SIZE)));
    }
    // Coalesce a run of small chunks at the tail so that many single-row INSERTs stay cheap to scan.
    let k = chunks.length;
    let rowsInRun = 0;
    while (
      k > 0 &&
      chunks[k - 1]!.length < SMALL_CHUNK &&
      rowsInRun + chunks[k - 1]!.length <= ROW_GROUP_SIZE
    ) {
      rowsInRun += chunks[k - 1]!.length;
      k--;
    }
    const run = chunks.length - k;
    if (run >= 16 || (run >= 2 && rowsInRun >= SMALL_CHUNK)) {
      const merged = mergeChunks(this.types, chunks.slice(k));
      chunks.splice(k, run, merged);
    }
    return new TableData(this.types, chunks);
  }

  /** Replaces chunks by index (UPDATE and DELETE rewrite only the chunks they touch). */
  replaceChunks(replacements: ReadonlyMap<number, Chunk | null>): TableData {
    const chunks: Chunk[] = [];
    this.chunks.forEach((c, i) => {
      const r = replacements.has(i) ? replacements.get(i)! : c;
      if (r !== null && r.length > 0) chunks.push(r);
    });
    return new TableData(this.types, chunks);
  }

  /** Maps a row ordinal to its chunk and the row within it. */
  locate(rowId: number): { chunk: number; row: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= rowId) lo = mid;
      else hi = mid - 1;
    }
    return { chunk: lo, row: rowId - this.starts[lo]! };
  }

  chunkStart(i: number): number {
    return this.starts[i]!;
  }

  withColumns(types: readonly DataType[], chunks: readonly Chunk[]): TableData {
    return new TableData(types, chunks);
  }
}

export function mergeChunks(types: readonly DataType[], chunks: readonly Chunk[]): Chunk {
  const length = chunks.reduce((s, c) => s + c.length, 0);
  const columns: Vector[] = types.map((t, i) =>
    concatVectors(
      t,
      chunks.map((c) => c.columns[i]!),
    ),
  );
  return { length, columns };
}

interface ChunkPartition extends SourcePartition {
  readonly chunks: readonly number[];
}

/** A TableSource over a TableData snapshot. */
export class MemoryTableSource implements TableSource {
  constructor(
    readonly name: string,
    readonly columns: readonly { readonly name: string; readonly type: DataType }[],
    readonly data: TableData,
  ) {}

  estimatedRows(): number {
    return this.data.rowCount;
  }

  partitions(target: number): readonly SourcePartition[] {
    const n = this.data.chunks.length;
    const count = Math.max(1, Math.min(target, n));
    const parts: ChunkPartition[] = [];
    for (let p = 0; p < count; p++) {
      const from = Math.floor((p * n) / count);
      const to = Math.floor(((p + 1) * n) / count);
      const chunks = Array.from({ length: to - from }, (_, i) => from + i);
      parts.push({ label: `chunks ${from}..${to}`, chunks });
    }
    return parts;
  }

  async *scan(partition: SourcePartition, request: ScanRequest): AsyncIterable<Batch> {
    const { chunks } = partition as ChunkPartition;
    for (const index of chunks) {
      const chunk = this.data.chunks[index]!;
      const start = this.data.chunkStart(index);
      for (let offset = 0; offset < chunk.length; offset += BATCH_SIZE) {
        const end = Math.min(chunk.length, offset + BATCH_SIZE);
        const piece = sliceBatch(chunk, offset, end);
        const columns: Vector[] = request.columns.map((c) => piece.columns[c]!);
        if (request.rowIds) {
          const ids = new Float64Array(end - offset);
          for (let i = 0; i < ids.length; i++) ids[i] = start + offset + i;
          columns.push({ kind: 'f64', type: { id: 'int8' }, length: ids.length, validity: null, data: ids });
        }
        yield { length: end - offset, columns };
      }
    }
  }
}
