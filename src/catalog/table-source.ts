// What a scan reads: an in-memory table, a file set or a stream, seen through one narrow interface.

import type { Batch } from '../columnar/batch.js';
import type { Expr } from '../logical/expr.js';
import type { DataType } from '../types/data-type.js';
import type { Scalar } from '../columnar/vector.js';
import type { WireSource } from '../execution/wire-sources.js';

export interface SourceColumn {
  readonly name: string;
  readonly type: DataType;
}

/** One independently scannable piece of a source (a set of row groups, files or chunks). */
export interface SourcePartition {
  /** For EXPLAIN: what the partition covers. */
  readonly label: string;
}

/** The smallest and largest of some values: [min, max]. */
export type ValueRange = readonly [number, number];

export interface ScanRequest {
  /** Positions of the columns to read, in output order. */
  readonly columns: readonly number[];
  /** Predicates over the source's columns (column ids are source positions) it may use to skip data. */
  readonly filters: readonly Expr[];
  /** Also emit each row's ordinal within the source as a final float64 column. */
  readonly rowIds: boolean;
  /**
   * `column = value` holds for every row wanted (from a filter on an indexed column): a source
   * with an index on it may yield just those rows (the scan still applies every filter).
   */
  readonly equal?: { readonly column: number; readonly value: Scalar };
  readonly signal?: AbortSignal;
}

export interface TableSource {
  /** Name for EXPLAIN and errors, e.g. a table name or read_parquet('x.parquet'). */
  readonly name: string;
  readonly columns: readonly SourceColumn[];
  /** Row count when known cheaply, else an estimate (for join ordering). */
  estimatedRows(): number;
  /** Estimated distinct values of a column (for join ordering); undefined when unknown. */
  distinctValues?(column: number): number | undefined;
  /** Columns (positions) the source can look rows up by (primary keys, unique columns). */
  readonly indexedColumns?: ReadonlySet<number>;
  /**
   * The smallest and largest value of an integer column in each of `partitions` (`[Infinity,
   * -Infinity]` for one without rows); undefined when a partition may hold a NULL there or the
   * source cannot tell cheaply.
   */
  valueRanges?(partitions: readonly SourcePartition[], column: number): readonly ValueRange[] | undefined;
  /** Splits the source into at most `target` partitions (at least one). */
  partitions(target: number): readonly SourcePartition[];
  scan(partition: SourcePartition, request: ScanRequest): AsyncIterable<Batch>;
  /**
   * Set when a worker given the whole source reads it again itself (files), instead of receiving
   * its data: join build sides over such sources are read once and broadcast instead.
   */
  readonly readsOnWorkers?: boolean;
  /** Set when rows are found by parsing (text files): a scan of no columns (count(*)) still reads it all. */
  readonly parsesRows?: boolean;
  /**
   * The source as structured-clonable data for a worker thread, limited to `partitions` when given
   * (see execution/wire-sources.ts). Sources without it run on the calling thread only.
   */
  toWire?(partitions?: readonly SourcePartition[], columns?: ReadonlySet<number>): WireSource;
}
