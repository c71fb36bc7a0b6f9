// Immutable table contents: a list of chunks (column vectors of up to ROW_GROUP_SIZE rows).
// Writes build new TableData values that share unchanged chunks, so readers and transactions
// keep consistent snapshots for free.

import { BATCH_SIZE, type Batch, sliceBatch } from '../columnar/batch.js';
import type { Scalar, Vector } from '../columnar/vector.js';
import { concatVectors, getScalar, nullVector, sliceVector } from '../columnar/vector-ops.js';
import { invariant } from '../engine/errors.js';
import type { DataType } from '../types/data-type.js';
import { type Decimal, decimalKey } from '../types/decimal.js';
import {
  type ChunkSlot,
  chunkColumn,
  chunkValue,
  gatherChunk,
  isStoredChunk,
  loadChunk,
} from './stored-chunk.js';
import type { ScanRequest, SourcePartition, TableSource, ValueRange } from './table-source.js';
import { inSharedMemory, shareVector, type WireVector } from '../execution/transfer.js';
import { PackedChunk } from './packed-chunk.js';
import type { WireSource } from '../execution/wire-sources.js';

/** Rows sampled to estimate a column's distinct values. */
const DISTINCT_SAMPLE = 4096;

/** A sampled value as a Map key: objects compare by content (decimals by value). */
function sampleKey(value: Scalar): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if ('m' in value && 's' in value && typeof value.m === 'bigint') return decimalKey(value as Decimal);
  return JSON.stringify(value, (_, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
}

/** Rows per stored chunk, as DuckDB's row groups. */
export const ROW_GROUP_SIZE = 122_880;
/** Appends smaller than this are merged with their neighbours once enough pile up. */
const SMALL_CHUNK = 4096;

export type Chunk = Batch;

export class TableData {
  readonly rowCount: number;
  /** starts[i] is the row ordinal of chunk i's first row. */
  private readonly starts: number[];
  /** The chunks as held: in memory, or stored in the database directory and decoded on first use. */
  readonly slots: readonly ChunkSlot[];
  private loaded: readonly Chunk[] | null;

  constructor(
    readonly types: readonly DataType[],
    chunks: readonly ChunkSlot[],
    /** The table ordinal of each chunk's first row, where the chunks are a part of a table (on a worker). */
    starts?: readonly number[],
  ) {
    this.slots = chunks;
    this.loaded = chunks.some(isStoredChunk) ? null : (chunks as readonly Chunk[]);
    let total = 0;
    const offsets = chunks.map((c) => {
      const s = total;
      total += c.length;
      return s;
    });
    this.starts = starts === undefined ? offsets : [...starts];
    this.rowCount = total;
  }

  /** Every chunk, decoded (stored chunks are read now if they were not yet). */
  get chunks(): readonly Chunk[] {
    return (this.loaded ??= this.slots.map(loadChunk));
  }

  /** Column `c` of chunk `i`, reading only that column of a stored chunk. */
  chunkColumn(i: number, c: number): Vector {
    return chunkColumn(this.slots[i]!, c);
  }

  /** Rows [from, to) of column `c` of chunk `i` for workers (a packed column is sent undecoded). */
  wireColumn(i: number, c: number, from: number, to: number): WireVector {
    const slot = this.slots[i]!;
    const packed = slot instanceof PackedChunk ? slot.wireColumn(c, from, to) : null;
    if (packed !== null) return packed;
    const v = chunkColumn(slot, c);
    return shareVector(from === 0 && to === slot.length ? v : sliceVector(v, from, to));
  }

  /** Chunk `i` with only the given columns, in that order. */
  chunkColumns(i: number, columns: readonly number[]): Chunk {
    const slot = this.slots[i]!;
    return { length: slot.length, columns: columns.map((c) => chunkColumn(slot, c)) };
  }

  static empty(types: readonly DataType[]): TableData {
    return new TableData(types, []);
  }

  /** A new TableData with `rows` appended; small appends are coalesced with the tail. */
  append(rows: Batch): TableData {
    if (rows.length === 0) return this;
    invariant(rows.columns.length === this.types.length, 'append: column count');
    const chunks = [...this.slots];
    for (let start = 0; start < rows.length; start += ROW_GROUP_SIZE) {
      const chunk = sliceBatch(rows, start, Math.min(rows.length, start + ROW_GROUP_SIZE));
      chunks.push(PackedChunk.of({ length: chunk.length, columns: chunk.columns.map(inSharedMemory) }));
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
      const merged = mergeChunks(this.types, chunks.slice(k).map(loadChunk));
      chunks.splice(k, run, PackedChunk.of(merged));
    }
    return new TableData(this.types, chunks);
  }

  /**
   * A new TableData with every batch appended, consecutive batches grouped into chunks of up to
   * ROW_GROUP_SIZE rows: a bulk load of batch-sized pieces is stored as full row groups, which
   * scans, statistics and the messages to workers handle as one piece each.
   */
  appendAll(batches: Iterable<Batch>): TableData {
    let data: TableData = this;
    let group: Batch[] = [];
    let rows = 0;
    const flush = () => {
      if (group.length > 0)
        data = data.append(group.length === 1 ? group[0]! : mergeChunks(this.types, group));
      group = [];
      rows = 0;
    };
    for (const b of batches) {
      if (b.length === 0) continue;
      if (rows + b.length > ROW_GROUP_SIZE) flush();
      group.push(b);
      rows += b.length;
    }
    flush();
    return data;
  }

  /** Replaces chunks by index (UPDATE and DELETE rewrite only the chunks they touch). */
  replaceChunks(replacements: ReadonlyMap<number, Chunk | null>): TableData {
    const chunks: ChunkSlot[] = [];
    this.slots.forEach((c, i) => {
      if (!replacements.has(i)) chunks.push(c);
      const r = replacements.get(i);
      if (r != null && r.length > 0)
        chunks.push(PackedChunk.of({ length: r.length, columns: r.columns.map(inSharedMemory) }));
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

  private readonly distinctCache = new Map<number, number>();

  /** The distinct-value estimates made so far, by column (sent with the data to workers). */
  get distinctEstimates(): readonly (readonly [number, number])[] {
    return [...this.distinctCache];
  }

  /** The estimate of a column's distinct values made (or adopted) so far, if any. */
  knownDistinctValues(column: number): number | undefined {
    return this.distinctCache.get(column);
  }

  /** Adopts estimates made over the whole table (a worker holding a part of it). */
  adoptDistinctEstimates(estimates: readonly (readonly [number, number])[]): this {
    for (const [column, estimate] of estimates) this.distinctCache.set(column, estimate);
    return this;
  }

  /**
   * Estimated distinct values of a column, from a sample of rows spread over the table (Chao's
   * estimator, below). Computed once per TableData, which never changes.
   */
  distinctValues(column: number): number {
    const cached = this.distinctCache.get(column);
    if (cached !== undefined) return cached;
    const n = this.rowCount;
    const sampleSize = Math.min(n, DISTINCT_SAMPLE);
    const counts = new Map<unknown, number>();
    if (sampleSize > 0) {
      const step = n / sampleSize;
      for (let k = 0; k < sampleSize; k++) {
        const { chunk, row } = this.locate(Math.floor(k * step));
        const value = chunkValue(this.slots[chunk]!, column, row);
        const key = sampleKey(value);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    // Chao's estimator (bias-corrected): the distinct values seen, plus as many unseen ones as
    // values seen once and twice suggest; a column whose sample has no repeats looks unique.
    let once = 0;
    let twice = 0;
    for (const c of counts.values()) {
      if (c === 1) once++;
      else if (c === 2) twice++;
    }
    const estimate =
      sampleSize === n
        ? counts.size
        : Math.min(n, Math.round(counts.size + (once * (once - 1)) / (2 * (twice + 1))));
    this.distinctCache.set(column, estimate);
    return estimate;
  }

  /** Hash indexes by column, built on first lookup (the data never changes, so they stay valid). */
  private readonly lookupIndexes = new Map<number, Map<number | string, number[]>>();

  /** Ordinals (ascending) of the rows whose `column` equals `key` (a number or a string). */
  rowsEqualTo(column: number, key: number | string): readonly number[] {
    let index = this.lookupIndexes.get(column);
    if (index === undefined) {
      index = new Map();
      for (let c = 0; c < this.slots.length; c++) {
        const v = this.chunkColumn(c, column);
        const start = this.starts[c]!;
        for (let r = 0; r < v.length; r++) {
          const value = getScalar(v, r);
          if (typeof value !== 'number' && typeof value !== 'string') continue;
          const rows = index.get(value);
          if (rows === undefined) index.set(value, [start + r]);
          else rows.push(start + r);
        }
      }
      this.lookupIndexes.set(column, index);
    }
    return index.get(key) ?? [];
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

/** Rows [from, to) of chunk `chunk`. */
interface ChunkRange {
  readonly chunk: number;
  readonly from: number;
  readonly to: number;
}

interface ChunkPartition extends SourcePartition {
  readonly ranges: readonly ChunkRange[];
}

/** A TableSource over a TableData snapshot. */
export class MemoryTableSource implements TableSource {
  constructor(
    readonly name: string,
    readonly columns: readonly { readonly name: string; readonly type: DataType }[],
    readonly data: TableData,
    readonly indexedColumns: ReadonlySet<number> = new Set(),
    /** The whole table's rows, where `data` holds a part of it (on a worker). */
    private readonly tableRows = data.rowCount,
    /**
     * Whether distinct values may be estimated from `data`; if not, only estimates made before
     * are known (a broadcast build side on a worker: the calling thread planned without them).
     */
    private readonly sampled = true,
  ) {}

  estimatedRows(): number {
    return this.tableRows;
  }

  distinctValues(column: number): number | undefined {
    return this.sampled ? this.data.distinctValues(column) : this.data.knownDistinctValues(column);
  }

  toWire(partitions?: readonly SourcePartition[], columns?: ReadonlySet<number>): WireSource {
    const ranges =
      partitions === undefined
        ? this.data.slots.map((slot, chunk) => ({ chunk, from: 0, to: slot.length }))
        : partitions.flatMap((p) => (p as ChunkPartition).ranges);
    return {
      kind: 'memory',
      name: this.name,
      columns: this.columns,
      types: this.data.types,
      rows: this.tableRows,
      distinct: this.data.distinctEstimates,
      sampled: this.sampled,
      starts: ranges.map(({ chunk, from }) => this.data.chunkStart(chunk) + from),
      chunks: ranges.map(({ chunk, from, to }) => ({
        length: to - from,
        columns: this.data.types.map((type, c) =>
          columns !== undefined && !columns.has(c)
            ? shareVector(nullVector(type, to - from))
            : this.data.wireColumn(chunk, c, from, to),
        ),
      })),
    };
  }

  /** The rows at `ordinals` that lie in the given ranges, with the requested columns. */
  private *lookup(
    ranges: readonly ChunkRange[],
    columns: readonly number[],
    ordinals: readonly number[],
  ): Iterable<Batch> {
    for (const { chunk, from, to } of ranges) {
      const start = this.data.chunkStart(chunk);
      const rows = ordinals.filter((o) => o >= start + from && o < start + to).map((o) => o - start);
      if (rows.length === 0) continue;
      yield gatherChunk(this.data.slots[chunk]!, columns, Int32Array.from(rows));
    }
  }

  /**
   * Up to `target` partitions of about equal rows, cut at batch boundaries (a table of a few large
   * chunks still spreads over every thread).
   */
  partitions(target: number): readonly SourcePartition[] {
    const pieces: ChunkRange[] = [];
    this.data.slots.forEach((slot, chunk) => {
      for (let from = 0; from < slot.length; from += BATCH_SIZE)
        pieces.push({ chunk, from, to: Math.min(slot.length, from + BATCH_SIZE) });
    });
    const count = Math.max(1, Math.min(target, pieces.length));
    const parts: ChunkPartition[] = [];
    for (let p = 0; p < count; p++) {
      const mine = pieces.slice(
        Math.floor((p * pieces.length) / count),
        Math.floor(((p + 1) * pieces.length) / count),
      );
      // Consecutive pieces of one chunk make one range.
      const ranges: ChunkRange[] = [];
      for (const piece of mine) {
        const last = ranges[ranges.length - 1];
        if (last !== undefined && last.chunk === piece.chunk && last.to === piece.from)
          ranges[ranges.length - 1] = { ...last, to: piece.to };
        else ranges.push(piece);
      }
      parts.push({ label: this.rangesLabel(ranges), ranges });
    }
    return parts;
  }

  valueRanges(partitions: readonly SourcePartition[], column: number): readonly ValueRange[] | undefined {
    const out: ValueRange[] = [];
    for (const part of partitions) {
      let min = Infinity;
      let max = -Infinity;
      for (const { chunk, from, to } of (part as ChunkPartition).ranges) {
        const v = this.data.chunkColumns(chunk, [column]).columns[0]!;
        if (v.validity !== null || (v.kind !== 'i16' && v.kind !== 'i32' && v.kind !== 'f64'))
          return undefined;
        const bounds = batchRanges(v.data);
        for (let b = Math.floor(from / BATCH_SIZE); b * BATCH_SIZE < to; b++) {
          min = Math.min(min, bounds[2 * b]!);
          max = Math.max(max, bounds[2 * b + 1]!);
        }
      }
      out.push([min, max]);
    }
    return out;
  }

  /** The table rows a partition covers, as EXPLAIN names them. */
  private rangesLabel(ranges: readonly ChunkRange[]): string {
    const first = ranges[0];
    const last = ranges[ranges.length - 1];
    if (first === undefined || last === undefined) return 'no rows';
    return `rows ${this.data.chunkStart(first.chunk) + first.from}..${this.data.chunkStart(last.chunk) + last.to}`;
  }

  async *scan(partition: SourcePartition, request: ScanRequest): AsyncIterable<Batch> {
    const { ranges } = partition as ChunkPartition;
    const equal = request.equal;
    if (
      equal !== undefined &&
      !request.rowIds &&
      this.indexedColumns.has(equal.column) &&
      (typeof equal.value === 'number' || typeof equal.value === 'string')
    ) {
      yield* this.lookup(ranges, request.columns, this.data.rowsEqualTo(equal.column, equal.value));
      return;
    }
    for (const { chunk: index, from, to } of ranges) {
      const chunk = this.data.chunkColumns(index, request.columns);
      const start = this.data.chunkStart(index);
      for (let offset = from; offset < to; offset += BATCH_SIZE) {
        const end = Math.min(to, offset + BATCH_SIZE);
        const piece = sliceBatch(chunk, offset, end);
        const columns: Vector[] = [...piece.columns];
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

const rangesByColumn = new WeakMap<ArrayLike<number>, Float64Array>();

/**
 * The min and max of each BATCH_SIZE rows of a column (partitions are cut at those boundaries),
 * interleaved; computed once per column vector.
 */
function batchRanges(data: ArrayLike<number>): Float64Array {
  let bounds = rangesByColumn.get(data);
  if (bounds !== undefined) return bounds;
  const batches = Math.ceil(data.length / BATCH_SIZE);
  bounds = new Float64Array(2 * batches);
  for (let b = 0; b < batches; b++) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = b * BATCH_SIZE, end = Math.min(data.length, i + BATCH_SIZE); i < end; i++) {
      const x = data[i]!;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    bounds[2 * b] = min;
    bounds[2 * b + 1] = max;
  }
  rangesByColumn.set(data, bounds);
  return bounds;
}
