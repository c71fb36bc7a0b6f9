// What every file-reading table function shares: argument checking, file listing, hive
// partitioning and the filename column, around a format-specific FileFormat.

import type { Batch } from '../columnar/batch.js';
import type { TableFunction, TableFunctionDefinition, TableFunctionEnv } from '../functions/function.js';
import { listFiles } from './file-list.js';
import { FileSource, type FileFormat } from './file-source.js';
import { hiveColumns } from './hive-partitions.js';
import { type OptionSpec, Options, readerArgs } from './reader-options.js';

/** Options every reader accepts. */
const COMMON_OPTIONS: OptionSpec = {
  hive_partitioning: 'bool',
  filename: 'bool',
};

export interface ReaderDefinition {
  readonly name: string;
  readonly description: string;
  readonly example: string;
  readonly options: OptionSpec;
  readonly format: (files: readonly string[], options: Options, env: TableFunctionEnv) => FileFormat;
}

/** A source over files, for table functions and COPY … FROM alike. */
export function fileSource(
  name: string,
  files: readonly string[],
  format: FileFormat,
  options: Options,
): FileSource {
  const autoHive = files.every((f) => /[\\/][^\\/=]+=[^\\/]*[\\/]/.test(f));
  const hive = options.bool('hive_partitioning', autoHive) ? hiveColumns(files) : [];
  const own = new Set(format.columns.map((c) => c.name));
  return new FileSource(
    name,
    format,
    files,
    hive.filter((h) => !own.has(h.name)),
    options.bool('filename', false),
  );
}

export function fileReader(def: ReaderDefinition): TableFunctionDefinition {
  const spec = { ...COMMON_OPTIONS, ...def.options };
  return {
    kind: 'table',
    name: def.name,
    description: def.description,
    example: def.example,
    options: Object.keys(spec),
    bind: (args, env): TableFunction => {
      const { paths, options: raw } = readerArgs(def.name, args, spec);
      const files = listFiles(paths);
      const options = new Options(raw);
      const label = `${def.name}(${paths.map((p) => `'${p}'`).join(', ')})`;
      const source = fileSource(label, files, def.format(files, options, env), options);
      return {
        name: def.name,
        columns: source.columns,
        argTypes: args.map((a) => a.type),
        source,
        // WITH ORDINALITY reads the source as a plain set-returning function.
        execute: async function* (): AsyncGenerator<Batch> {
          const all = source.columns.map((_, i) => i);
          for (const p of source.partitions(1))
            yield* source.scan(p, { columns: all, filters: [], rowIds: false });
        },
      };
    },
  };
}
