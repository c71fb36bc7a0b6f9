// COPY with a file name: COPY table | (query) TO 'path' in csv, text, json, parquet or arrow
// (one file, or hive folders with PARTITION_BY), and COPY table FROM 'path_or_glob'. Loads keep
// INSERT's defaults, casts and constraints and change the table only when every row is read.

import type { CopyStmt } from '@pgsql/types';
import type { Batch } from '../../columnar/batch.js';
import { numericScaleOf } from '../../columnar/arrow-export.js';
import type { ColumnDefinition } from '../../catalog/catalog.js';
import { compressionOption, readHead } from '../../datasource/byte-stream.js';
import { type CsvDialect, CSV_DIALECT, TEXT_DIALECT } from '../../datasource/csv/csv-dialect.js';
import { CsvFormat } from '../../datasource/csv/csv-format.js';
import { listFiles } from '../../datasource/file-list.js';
import { FileSource, type FileFormat, type Rejects } from '../../datasource/file-source.js';
import { ArrowFormat } from '../../datasource/arrow/arrow-format.js';
import { JsonFormat } from '../../datasource/json/json-format.js';
import { detectLayout } from '../../datasource/json/json-records.js';
import { ParquetFormat } from '../../datasource/parquet/parquet-format.js';
import { CopyOptions } from '../../datasource/write/copy-options.js';
import type { FileFormatName, WriteColumn, WriteOptions } from '../../datasource/write/file-writer.js';
import { type ExistingOutput, writeFile, writePartitioned } from '../../datasource/write/write-files.js';
import { col } from '../../logical/expr.js';
import type { LogicalPlan, OutputColumn } from '../../logical/plan.js';
import { bodyOf } from '../../sql/ast.js';
import { copyOutQuery, copyTarget } from '../copy.js';
import { LarchError, SqlState } from '../errors.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import { assignTo, checkConstraints, defaultExpr } from './table-write.js';

/** Rows per Parquet row group, as DuckDB writes them. */
const ROW_GROUP_ROWS = 122_880;

export async function executeCopyFile(ctx: StatementContext, stmt: CopyStmt): Promise<QueryResult> {
  if (stmt.is_program)
    throw new LarchError(SqlState.featureNotSupported, 'COPY to or from a program is not supported');
  if (stmt.filename === undefined) {
    throw new LarchError(
      SqlState.featureNotSupported,
      'COPY FROM STDIN and COPY TO STDOUT need a client that sends or receives the data (the wire protocol)',
    );
  }
  const options = new CopyOptions(stmt.options ?? []);
  return stmt.is_from
    ? copyFrom(ctx, stmt, stmt.filename, options)
    : copyTo(ctx, stmt, stmt.filename, options);
}

function writeOptions(
  ctx: StatementContext,
  format: FileFormatName,
  path: string,
  o: CopyOptions,
  scales: number[],
): WriteOptions {
  const csv = format === 'csv';
  const quote = o.char('quote', '"');
  const compression =
    format === 'parquet' || format === 'arrow'
      ? (o.text('compression') ?? (format === 'parquet' ? 'snappy' : 'none')).toLowerCase()
      : (o.text('compression') ?? (/\.gz$/i.test(path) ? 'gzip' : 'none')).toLowerCase();
  if (format === 'arrow' && compression !== 'none' && compression !== 'uncompressed')
    throw new LarchError(SqlState.featureNotSupported, 'compressed Arrow files are not supported');
  return {
    format,
    header: o.bool('header', false),
    delimiter: o.char('delimiter', csv ? ',' : '\t'),
    quote,
    escape: o.char('escape', quote),
    nullString: o.text('null') ?? (csv ? '' : '\\N'),
    forceQuote: new Set(),
    compression: compression === 'uncompressed' ? 'none' : compression,
    rowGroupSize: o.int('row_group_size', ROW_GROUP_ROWS),
    jsonArray: o.bool('array', false),
    timeZone: ctx.evalContext.timeZone,
    numericScales: scales,
  };
}

async function copyTo(
  ctx: StatementContext,
  stmt: CopyStmt,
  path: string,
  o: CopyOptions,
): Promise<QueryResult> {
  if (stmt.relation !== undefined) {
    const entry = ctx.txn.lookupRelation(stmt.relation.schemaname ?? null, stmt.relation.relname!);
    if (entry?.kind === 'view') {
      throw new LarchError(SqlState.wrongObjectType, `cannot copy from view "${entry.name}"`, {
        hint: 'Try the COPY (SELECT ...) TO variant.',
      });
    }
  }
  const format = o.format(path);
  const bound = ctx.binder().bindSelectStmt(bodyOf(copyOutQuery(stmt)), null, null);
  const columns: WriteColumn[] = bound.columns.map((c) => ({ name: c.name, type: c.type }));
  const partitionBy = (() => {
    const names = o.list('partition_by');
    if (names === undefined) return [];
    if (names === '*')
      throw new LarchError(SqlState.invalidParameterValue, 'PARTITION_BY needs column names');
    return names.map((name) => {
      const k = columns.findIndex((c) => c.name === name);
      if (k < 0)
        throw new LarchError(SqlState.undefinedColumn, `PARTITION_BY column "${name}" is not in the output`);
      return k;
    });
  })();
  if (partitionBy.length > 0 && partitionBy.length === columns.length)
    throw new LarchError(
      SqlState.invalidParameterValue,
      'PARTITION_BY cannot use every column: no columns are left to write',
    );
  const forceQuote = o.list('force_quote');
  if (ctx.describeOnly) return new QueryResult([], [], 'COPY 0', 0, ctx.evalContext.timeZone);
  // Decimals without a declared scale need the largest scale in the data before the schema is written.
  const lookahead =
    (format === 'parquet' || format === 'arrow') &&
    columns.some((c) => c.type.id === 'numeric' && c.type.scale === null);
  let batches: AsyncIterable<Batch> = ctx.stream(bound.plan, bound.columns);
  const scales = columns.map((c) => (c.type.id === 'numeric' ? (c.type.scale ?? 0) : 0));
  if (lookahead) {
    const all = await ctx.run(bound.plan, bound.columns);
    columns.forEach((c, k) => {
      if (c.type.id === 'numeric' && c.type.scale === null)
        scales[k] = Math.max(0, ...all.map((b) => numericScaleOf(b.columns[k]!)));
    });
    batches = (async function* () {
      yield* all;
    })();
  }
  const options: WriteOptions = {
    ...writeOptions(ctx, format, path, o, scales),
    forceQuote: new Set(
      forceQuote === '*'
        ? columns.map((_, k) => k)
        : (forceQuote ?? []).map((n) => columns.findIndex((c) => c.name === n)),
    ),
  };
  const existing: ExistingOutput = o.bool('overwrite', false)
    ? 'overwrite'
    : o.bool('overwrite_or_ignore', false)
      ? 'overwrite_or_ignore'
      : 'error';
  const rows =
    partitionBy.length > 0
      ? await writePartitioned(path, columns, partitionBy, batches, options, existing)
      : await writeFile(path, columns, batches, options);
  return new QueryResult([], [], `COPY ${rows}`, rows, ctx.evalContext.timeZone);
}

/** The reader for COPY FROM: text formats parse straight into the target columns' types. */
function copyFormat(
  ctx: StatementContext,
  files: readonly string[],
  format: FileFormatName,
  targets: readonly ColumnDefinition[],
  o: CopyOptions,
): FileFormat & { rejects?: Rejects } {
  const columns = targets.map((c) => ({ name: c.name, type: c.type }));
  const compression = compressionOption(o.text('compression'));
  const ignoreErrors = o.bool('ignore_errors', false);
  switch (format) {
    case 'csv':
    case 'text': {
      const base: CsvDialect = format === 'csv' ? CSV_DIALECT : TEXT_DIALECT;
      const quote = o.char('quote', base.quote || '"');
      const header = o.text('header')?.toLowerCase();
      const dateFormat = o.text('dateformat');
      const timestampFormat = o.text('timestampformat');
      return new CsvFormat({
        dialect: {
          ...base,
          delimiter: o.char('delimiter', base.delimiter),
          quote: format === 'csv' ? quote : '',
          escape: format === 'csv' ? o.char('escape', quote) : '',
          nullString: o.text('null') ?? base.nullString,
          header: header !== undefined && header !== 'false' && header !== 'off' && header !== '0',
          skip: o.has('skip') ? o.int('skip', 0) : 0,
        },
        columns,
        compression,
        ignoreErrors,
        convert: {
          timeZone: ctx.evalContext.timeZone.name,
          dateFormat: dateFormat ?? null,
          timestampFormat: timestampFormat ?? null,
        },
        bytesPerRow: 100,
        sniffedTypes: false,
        matchHeader: header === 'match',
      });
    }
    case 'json': {
      const head = readHead(files[0]!, 1 << 16, compression);
      return new JsonFormat({
        layout: detectLayout(head.data),
        columns,
        compression,
        ignoreErrors,
        timeZone: ctx.evalContext.timeZone,
        bytesPerRecord: 100,
      });
    }
    case 'parquet':
      return new ParquetFormat(files, false);
    case 'arrow':
      return new ArrowFormat(files);
  }
}

async function copyFrom(
  ctx: StatementContext,
  stmt: CopyStmt,
  path: string,
  o: CopyOptions,
): Promise<QueryResult> {
  const { entry, columns: names } = copyTarget(ctx, stmt);
  const targets = names.map((n) => entry.columns.find((c) => c.name === n)!);
  const files = listFiles([path]);
  const format = copyFormat(ctx, files, o.format(path), targets, o);
  const source = new FileSource(`COPY ${entry.name} FROM '${path}'`, format, files, [], false);
  // Each target column reads the file column of the same name, or failing that the same position.
  const byName = targets.every((t) => source.columns.some((c) => c.name === t.name));
  if (!byName && source.columns.length !== targets.length) {
    throw new LarchError(
      SqlState.badCopyFileFormat,
      `"${files[0]}" has ${source.columns.length} columns (${source.columns.map((c) => c.name).join(', ')}) but COPY ${entry.name} expects ${targets.length} (${names.join(', ')})`,
    );
  }
  const binder = ctx.binder();
  const scanColumns = source.columns.map((c, index) => ({
    id: binder.ctx.newId(),
    name: c.name,
    type: c.type,
    index,
  }));
  const scan: LogicalPlan = {
    kind: 'scan',
    source,
    columns: scanColumns,
    filters: [],
    rowId: null,
    output: scanColumns.map(({ id, name, type }) => ({ id, name, type })),
  };
  const outputs: OutputColumn[] = entry.columns.map((c) => ({
    id: binder.ctx.newId(),
    name: c.name,
    type: c.type,
  }));
  const exprs = entry.columns.map((column, i) => {
    const k = names.indexOf(column.name);
    const from =
      k < 0 ? undefined : byName ? scanColumns.find((c) => c.name === column.name)! : scanColumns[k]!;
    const expr =
      from === undefined
        ? defaultExpr(binder, column)
        : assignTo(binder, col(from.id, from.type, from.name), column);
    return { id: outputs[i]!.id, name: column.name, expr };
  });
  const plan: LogicalPlan = { kind: 'project', input: scan, exprs, output: outputs };
  const batches = await ctx.run(plan, outputs);
  const count = batches.reduce((s, b) => s + b.length, 0);
  checkConstraints(ctx, entry, batches, entry.data);
  const data = entry.data.appendAll(batches);
  ctx.txn.put({ ...entry, data });
  const rejects = format.rejects;
  if (rejects !== undefined && rejects.count > 0) {
    ctx.notice?.({
      severity: 'NOTICE',
      code: SqlState.badCopyFileFormat,
      message: `${rejects.count} row${rejects.count === 1 ? '' : 's'} skipped (ignore_errors); the first: ${rejects.first}`,
    });
  }
  return new QueryResult([], [], `COPY ${count}`, count, ctx.evalContext.timeZone);
}
