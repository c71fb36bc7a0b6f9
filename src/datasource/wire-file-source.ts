// File sources described for worker threads: the files, the format with its resolved columns and
// options, and the worker's share of the pieces. A worker opens the files and reads its pieces
// itself, so no data crosses threads on the way in.

import { CsvFormat, type CsvSettings } from './csv/csv-format.js';
import { FileSource, type FilePartition, type FileFormat } from './file-source.js';
import type { HiveColumn } from './hive-partitions.js';
import { ParquetFormat } from './parquet/parquet-format.js';
import type { ParquetColumn } from './parquet/parquet-schema.js';

/** A format as data: its kind and what it needs to read pieces without looking at the files again. */
export type WireFormat =
  | {
      readonly kind: 'parquet';
      readonly columns: readonly ParquetColumn[];
      readonly unionByName: boolean;
    }
  | { readonly kind: 'csv'; readonly settings: CsvSettings };

export interface WireFileSource {
  readonly kind: 'file';
  readonly name: string;
  readonly format: WireFormat;
  readonly files: readonly string[];
  readonly hive: readonly HiveColumn[];
  readonly filename: boolean;
  /** The partitions this worker reads; all of the files' pieces when undefined. */
  readonly partitions: readonly FilePartition[] | undefined;
}

function formatFromWire(w: WireFormat, files: readonly string[]): FileFormat {
  switch (w.kind) {
    case 'parquet':
      return new ParquetFormat(files, w.unionByName, w.columns);
    case 'csv':
      return new CsvFormat(w.settings);
  }
}

export function fileSourceFromWire(w: WireFileSource): FileSource {
  return new FileSource(w.name, formatFromWire(w.format, w.files), w.files, w.hive, w.filename, w.partitions);
}
