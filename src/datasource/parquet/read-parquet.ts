// read_parquet(path_or_glob, …): Parquet files as a table, partitioned by row group.

import { fileReader } from '../file-reader.js';
import { ParquetFormat } from './parquet-format.js';

export const readParquet = fileReader({
  name: 'read_parquet',
  description:
    'Reads Parquet files (a path, glob or array of them): only the columns used, skipping row groups and hive folders the filters rule out.',
  example: "SELECT count(*) FROM read_parquet('data/*.parquet', hive_partitioning => true)",
  options: { union_by_name: 'bool' },
  format: (files, options) => new ParquetFormat(files, options.bool('union_by_name', false)),
});
