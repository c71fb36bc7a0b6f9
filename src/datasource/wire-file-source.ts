// File sources described for worker threads: the files, the format with its resolved columns and
// options, and the worker's share of the pieces. A worker opens the files and reads its pieces
// itself, so no data crosses threads on the way in.

import { CsvFormat, type CsvSettings } from './csv/csv-format.js';
import { FileSource, type FilePartition, type FileFormat } from './file-source.js';
import type { HiveColumn } from './hive-partitions.js';
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

async function formatFromWire(w: WireFormat, files: readonly string[]): Promise<FileFormat> {
  switch (w.kind) {
    case 'parquet': {
      // Loaded on a worker's first Parquet read: it brings in apache-arrow and hyparquet.
      const { ParquetFormat } = await import('./parquet/parquet-format.js');
      return new ParquetFormat(files, w.unionByName, w.columns);
    }
    case 'csv':
      return new CsvFormat(w.settings);
  }
}

export async function fileSourceFromWire(w: WireFileSource): Promise<FileSource> {
  const format = await formatFromWire(w.format, w.files);
  return new FileSource(w.name, format, w.files, w.hive, w.filename, w.partitions);
}
