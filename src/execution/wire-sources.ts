// Table sources described for worker threads, and rebuilt there from their descriptions.

import { MemoryTableSource, TableData } from '../catalog/table-data.js';
import type { SourceColumn, TableSource } from '../catalog/table-source.js';
import { fileSourceFromWire, type WireFileSource } from '../datasource/wire-file-source.js';
import { LarchError, SqlState } from '../engine/errors.js';
import type { DataType } from '../types/data-type.js';
import { receiveBatch, type WireBatch } from './transfer.js';

export type WireSource =
  | {
      readonly kind: 'memory';
      readonly name: string;
      readonly columns: readonly SourceColumn[];
      readonly types: readonly DataType[];
      readonly chunks: readonly WireBatch[];
      /** The table ordinal of each chunk's first row: row ids stay the calling thread's. */
      readonly starts: readonly number[];
      /**
       * The whole table's rows and the calling thread's distinct-value estimates by column: a
       * worker holding a part of the table plans its fragment as the calling thread did.
       */
      readonly rows: number;
      readonly distinct: readonly (readonly [number, number])[];
      /** Whether the worker may estimate other columns' distinct values from its rows. */
      readonly sampled: boolean;
    }
  | WireFileSource;

export async function sourceFromWire(w: WireSource): Promise<TableSource> {
  switch (w.kind) {
    case 'memory':
      return new MemoryTableSource(
        w.name,
        w.columns,
        new TableData(w.types, w.chunks.map(receiveBatch), w.starts).adoptDistinctEstimates(w.distinct),
        new Set(),
        w.rows,
        w.sampled,
      );
    case 'file':
      return fileSourceFromWire(w);
    default:
      throw new LarchError(
        SqlState.internalError,
        `internal error: unknown source kind ${String((w as { kind: unknown }).kind)}`,
      );
  }
}
