// What COPY … TO writes with: one writer per output file, fed batches, closed or aborted; the
// format chooses the writer.

import type { Batch } from '../../columnar/batch.js';
import type { DataType } from '../../types/data-type.js';
import type { TimeZone } from '../../types/datetime.js';
import type { ByteSink } from './byte-sink.js';

export type FileFormatName = 'csv' | 'text' | 'json' | 'parquet' | 'arrow';

export interface WriteColumn {
  readonly name: string;
  readonly type: DataType;
}

export interface WriteOptions {
  readonly format: FileFormatName;
  readonly header: boolean;
  readonly delimiter: string;
  readonly quote: string;
  readonly escape: string;
  readonly nullString: string;
  /** Columns always quoted (FORCE_QUOTE), by position. */
  readonly forceQuote: ReadonlySet<number>;
  /** Parquet codec, or gzip for text formats; 'none' for uncompressed. */
  readonly compression: string;
  readonly rowGroupSize: number;
  /** JSON: one array of objects instead of one object per line. */
  readonly jsonArray: boolean;
  readonly timeZone: TimeZone;
  /** Scale written for each numeric column without a declared one (Parquet and Arrow decimals). */
  readonly numericScales: readonly number[];
}

export interface FileWriter {
  write(batch: Batch): Promise<void>;
  /** Finishes the file (trailers, footers) and makes it visible. */
  close(): Promise<void>;
  /** Removes what was written. */
  abort(): Promise<void>;
}

export type WriterFactory = (
  sink: ByteSink,
  columns: readonly WriteColumn[],
  options: WriteOptions,
) => FileWriter;
