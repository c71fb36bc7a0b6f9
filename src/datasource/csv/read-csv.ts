// read_csv(path_or_glob, …): delimited text files as a table, with the dialect, header and column
// types detected from a sample unless given.

import { LarchError, SqlState } from '../../engine/errors.js';
import type { TableFunctionEnv } from '../../functions/function.js';
import { type DataType, Types } from '../../types/data-type.js';
import { compressionOption, readHead } from '../byte-stream.js';
import { fileReader } from '../file-reader.js';
import type { ColumnTypes, Options } from '../reader-options.js';
import { CSV_DIALECT, type CsvDialect, dialectByte } from './csv-dialect.js';
import { compileConversions, type CsvConversions, CsvFormat } from './csv-format.js';
import { sniffCsv } from './csv-sniffer.js';

/** Bytes read from the first file to detect the dialect and types. */
const SAMPLE_BYTES = 2 << 20;
const DEFAULT_SAMPLE_ROWS = 20_480;
/** Large files are parsed by several threads in pieces of about this many bytes. */
const PIECE_BYTES = 16 << 20;

function checkChar(name: string, c: string | undefined): string | undefined {
  if (c !== undefined && dialectByte(c) === -2)
    throw new LarchError(
      SqlState.featureNotSupported,
      `read_csv: ${name} must be a single one-byte character`,
    );
  return c;
}

function applyTypes(columns: { name: string; type: DataType }[], types: ColumnTypes): void {
  for (const t of types) {
    const k = typeof t.name === 'number' ? t.name : columns.findIndex((c) => c.name === t.name);
    if (k < 0 || k >= columns.length) {
      throw new LarchError(
        SqlState.undefinedColumn,
        `read_csv: types names column "${t.name}", which the file does not have`,
        {
          hint: `The columns are: ${columns.map((c) => c.name).join(', ')}.`,
        },
      );
    }
    columns[k] = { ...columns[k]!, type: t.type };
  }
}

/** The CSV format of `files` as the options describe it, sniffing what they leave open. */
export function csvFormat(
  files: readonly string[],
  options: Options,
  env: TableFunctionEnv,
  base: CsvDialect = CSV_DIALECT,
): CsvFormat {
  const compression = compressionOption(options.text('compression'));
  const head = readHead(files[0]!, SAMPLE_BYTES, compression);
  const dateFormat = options.text('dateformat');
  const timestampFormat = options.text('timestampformat');
  const convert: CsvConversions = {
    timeZone: env.evalContext.timeZone.name,
    dateFormat: dateFormat ?? null,
    timestampFormat: timestampFormat ?? null,
  };
  const compiled = compileConversions(convert);
  const given = options.columns('columns');
  const autoDetect = options.bool('auto_detect', true);
  const sampleRows = options.int('sample_size', DEFAULT_SAMPLE_ROWS);
  const sniffed = sniffCsv(head.data, head.complete, {
    delimiter: checkChar('delim', options.text('delim') ?? (autoDetect ? undefined : base.delimiter)),
    quote: checkChar('quote', options.text('quote') ?? (autoDetect ? undefined : base.quote)),
    escape: checkChar('escape', options.text('escape')),
    header: options.has('header')
      ? options.bool('header', false)
      : given !== undefined || !autoDetect
        ? false
        : undefined,
    base: { ...base, nullString: options.text('nullstr') ?? base.nullString, skip: options.int('skip', 0) },
    sampleRows,
    dateFormat: compiled.dateFormat,
    timestampFormat: compiled.timestampFormat,
  });
  let columns = sniffed.columns;
  if (given !== undefined) columns = given.map((c) => ({ name: String(c.name), type: c.type }));
  else if (!autoDetect || options.bool('all_varchar', false))
    columns = columns.map((c) => ({ ...c, type: Types.text }));
  const types = options.columns('types');
  if (types !== undefined) applyTypes(columns, types);
  if (columns.length === 0)
    throw new LarchError(SqlState.badCopyFileFormat, `read_csv: "${files[0]}" is empty: no columns to read`);
  return new CsvFormat({
    dialect: sniffed.dialect,
    columns,
    compression,
    ignoreErrors: options.bool('ignore_errors', false),
    convert,
    bytesPerRow: head.data.length / Math.max(1, Math.min(sampleRows, lineCount(head.data))),
    sniffedTypes: given === undefined && types === undefined && autoDetect,
    maxLineBytes: options.has('max_line_size') ? options.int('max_line_size', 0) : undefined,
    pieceBytes: PIECE_BYTES,
  });
}

function lineCount(bytes: Uint8Array): number {
  let lines = 0;
  for (let p = bytes.indexOf(10); p >= 0; p = bytes.indexOf(10, p + 1)) lines++;
  return lines;
}

export const readCsv = {
  ...fileReader({
    name: 'read_csv',
    description:
      'Reads delimited text files (a path, glob or array of them; gzip too), detecting the delimiter, quote, header and column types.',
    example: "SELECT * FROM read_csv('data.csv', delim => ';', header => true)",
    options: {
      delim: 'char',
      sep: 'alias:delim',
      delimiter: 'alias:delim',
      header: 'bool',
      quote: 'char',
      escape: 'char',
      nullstr: 'text',
      null: 'alias:nullstr',
      columns: 'columns',
      types: 'types',
      dtypes: 'alias:types',
      column_types: 'alias:types',
      skip: 'int',
      dateformat: 'text',
      timestampformat: 'text',
      ignore_errors: 'bool',
      compression: 'text',
      auto_detect: 'bool',
      sample_size: 'int',
      all_varchar: 'bool',
      max_line_size: 'int',
    },
    format: (files, options, env) => csvFormat(files, options, env),
  }),
  aliases: ['read_csv_auto'],
};
