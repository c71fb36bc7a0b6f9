// The stream statements: CREATE / DROP SOURCE, CREATE / DROP / START / STOP SINK and ALTER SINK …
// REFRESH MODEL. CREATE SINK binds its query against the sources' columns (so errors show at once,
// with positions), pins the models it names, and creates the target and dead-letter tables when
// they do not exist. The runners see the new catalog state when the statement commits.

import type { CreateStmt, Node } from '@pgsql/types';
import {
  type ColumnDefinition,
  DEFAULT_SCHEMA,
  type JsonValue,
  SINK_PROGRESS_SCHEMA,
  SINK_SCHEMA,
  type SinkEntry,
  type SinkTarget,
  type SinkWindow,
  SOURCE_SCHEMA,
  type SourceColumn,
  type SourceEntry,
  type TableEntry,
  TEMP_SCHEMA,
} from '../catalog/catalog.js';
import { TableData } from '../catalog/table-data.js';
import { resolveTypeName } from '../binder/types.js';
import { LarchError, SqlState } from '../engine/errors.js';
import { quoteLiteral } from '../functions/scalar/format.js';
import { QueryResult } from '../engine/result.js';
import type { StatementContext } from '../engine/statement-context.js';
import type { RawOptionValue } from '../ml/index.js';
import { bodyOf, stringList, tagOf } from '../sql/ast.js';
import { type Interval, intervalSortKey } from '../types/interval.js';
import { parseValue } from '../types/text-parse.js';
import { parseSql } from '../sql/parser.js';
import type {
  CreateSinkStatement,
  CreateSourceStatement,
  StreamOptions,
  StreamStatement,
} from '../sql/stream-statements.js';
import { Types } from '../types/data-type.js';
import { kafkaSinkConfig, kafkaSourceConfig } from './kafka/kafka-options.js';
import { unpinnedModels } from './model-pins.js';

function done(ctx: StatementContext, tag: string): QueryResult {
  return new QueryResult([], [], tag, 0, ctx.evalContext.timeZone);
}

function findSource(ctx: StatementContext, name: string): SourceEntry | undefined {
  const e = ctx.txn.lookup(SOURCE_SCHEMA, name);
  return e?.kind === 'source' ? e : undefined;
}

function findSink(ctx: StatementContext, name: string): SinkEntry | undefined {
  const e = ctx.txn.lookup(SINK_SCHEMA, name);
  return e?.kind === 'sink' ? e : undefined;
}

function requireSink(ctx: StatementContext, name: string): SinkEntry {
  const sink = findSink(ctx, name);
  if (sink === undefined) throw new LarchError(SqlState.undefinedObject, `sink "${name}" does not exist`);
  return sink;
}

function findTable(ctx: StatementContext, name: string): TableEntry | undefined {
  const e = ctx.txn.lookup(DEFAULT_SCHEMA, name);
  return e?.kind === 'table' ? e : undefined;
}

function jsonOptions(options: StreamOptions): { [k: string]: JsonValue } {
  return JSON.parse(JSON.stringify(options)) as { [k: string]: JsonValue };
}

const FORMATS = ['json', 'csv', 'parquet'] as const;
type FileFormat = (typeof FORMATS)[number];

function fileFormat(
  what: string,
  options: StreamOptions,
  path: string,
  fallback: FileFormat | null,
): FileFormat {
  const given = options['format'];
  const byExtension = /\.(ndjson|jsonl|json)$/i.test(path)
    ? 'json'
    : /\.csv$/i.test(path)
      ? 'csv'
      : /\.parquet$/i.test(path)
        ? 'parquet'
        : fallback;
  const format = given === undefined ? byExtension : String(given).toLowerCase();
  if (format === null)
    throw new LarchError(SqlState.syntaxError, `${what} needs FORMAT json, csv or parquet`);
  if (!(FORMATS as readonly string[]).includes(format))
    throw new LarchError(
      SqlState.invalidParameterValue,
      `${what}: FORMAT must be json, csv or parquet, not "${format}"`,
    );
  return format as FileFormat;
}

function checkOptions(what: string, options: StreamOptions, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key))
      throw new LarchError(SqlState.invalidParameterValue, `${what}: unknown option "${key.toUpperCase()}"`, {
        hint: `Options here: ${allowed.map((a) => a.toUpperCase()).join(', ')}.`,
      });
  }
  for (const key of ['max_files_per_trigger', 'max_rows_per_trigger']) {
    const v: RawOptionValue | undefined = options[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v > 0))
      throw new LarchError(
        SqlState.invalidParameterValue,
        `${what}: ${key.toUpperCase()} must be a positive integer`,
      );
  }
}

/**
 * COLUMNS ( name type, … ) resolved like a CREATE TABLE column list, parsed in place (the text before
 * it blanked) so that positions in errors point into the statement.
 */
function declaredColumns(ctx: StatementContext, stmt: CreateSourceStatement): SourceColumn[] | null {
  if (stmt.columns === null) return null;
  const prefix = 'CREATE TABLE t (';
  const before = ctx.statement.text.slice(0, stmt.columns.offset);
  const blank = ' '.repeat(Math.max(0, Buffer.byteLength(before) - prefix.length));
  let create: CreateStmt;
  try {
    create = bodyOf<CreateStmt>(parseSql(`${blank}${prefix}${stmt.columns.text})`)[0]!.ast);
  } catch (e) {
    const err = e as LarchError;
    throw new LarchError(SqlState.syntaxError, `source "${stmt.name}": COLUMNS: ${err.message}`, {
      position: err.position === undefined ? undefined : ctx.statement.offset + err.position,
    });
  }
  return (create.tableElts ?? []).map((n: Node) => {
    if (tagOf(n) !== 'ColumnDef')
      throw new LarchError(
        SqlState.syntaxError,
        `source "${stmt.name}": COLUMNS takes only column names and types`,
      );
    const def = bodyOf<{ colname: string; typeName: never }>(n);
    return { name: def.colname, type: resolveTypeName(ctx.bindContext, def.typeName) };
  });
}

/** The columns of files already there, as the reader detects them. */
function detectedColumns(
  ctx: StatementContext,
  name: string,
  pattern: string,
  format: FileFormat,
): SourceColumn[] {
  const [stmt] = parseSql(`SELECT * FROM read_${format}(${quoteLiteral(pattern)})`);
  try {
    const bound = ctx.binder().bindQuery(stmt!.ast, null, null);
    return bound.columns.map((c) => ({ name: c.name, type: c.type.id === 'unknown' ? Types.text : c.type }));
  } catch (e) {
    if (e instanceof LarchError && e.code === SqlState.undefinedFile)
      throw new LarchError(
        SqlState.syntaxError,
        `source "${name}" needs COLUMNS (name type, …): no file matches "${pattern}" yet`,
      );
    throw e;
  }
}

function createSource(ctx: StatementContext, stmt: CreateSourceStatement): QueryResult {
  const what = `source "${stmt.name}"`;
  if (findSource(ctx, stmt.name) !== undefined) {
    if (stmt.ifNotExists) return done(ctx, 'CREATE SOURCE');
    throw new LarchError(SqlState.duplicateObject, `${what} already exists`);
  }
  let origin: SourceEntry['origin'];
  let columns = declaredColumns(ctx, stmt);
  switch (stmt.from.type) {
    case 'files': {
      checkOptions(what, stmt.options, ['format', 'max_files_per_trigger']);
      const format = fileFormat(what, stmt.options, stmt.from.pattern, null);
      origin = { type: 'files', pattern: stmt.from.pattern, format };
      columns ??= detectedColumns(ctx, stmt.name, stmt.from.pattern, format);
      break;
    }
    case 'table': {
      checkOptions(what, stmt.options, ['max_rows_per_trigger']);
      const table = findTable(ctx, stmt.from.table);
      if (table === undefined)
        throw new LarchError(SqlState.undefinedTable, `relation "${stmt.from.table}" does not exist`);
      if (columns !== null)
        throw new LarchError(
          SqlState.syntaxError,
          `${what}: a table source has the table's columns; drop COLUMNS`,
        );
      columns = table.columns.map((c) => ({ name: c.name, type: c.type }));
      origin = { type: 'table', table: table.name };
      break;
    }
    case 'kafka':
      kafkaSourceConfig(stmt.name, stmt.options);
      if (columns === null)
        throw new LarchError(
          SqlState.syntaxError,
          `${what} needs COLUMNS (name type, …) for its JSON messages`,
        );
      origin = { type: 'kafka' };
      break;
  }
  if (stmt.watermark !== null) {
    const column = columns.find((c) => c.name === stmt.watermark!.column);
    if (column === undefined)
      throw new LarchError(
        SqlState.undefinedColumn,
        `${what}: WATERMARK column "${stmt.watermark.column}" does not exist`,
      );
    if (column.type.id !== 'timestamp' && column.type.id !== 'timestamptz')
      throw new LarchError(
        SqlState.datatypeMismatch,
        `${what}: WATERMARK column "${column.name}" must be a timestamp`,
      );
  }
  ctx.txn.put({
    kind: 'source',
    oid: ctx.database.newOid(),
    schema: SOURCE_SCHEMA,
    name: stmt.name,
    origin,
    columns,
    options: jsonOptions(stmt.options),
    watermark: stmt.watermark,
  });
  return done(ctx, 'CREATE SOURCE');
}

/** Names of relations the query reads (RangeVar nodes anywhere in its AST). */
function relationNames(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const n of node) relationNames(n, out);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'RangeVar') {
        const r = v as { relname?: string; schemaname?: string };
        if (r.relname !== undefined && r.schemaname === undefined) out.add(r.relname);
      } else relationNames(v, out);
    }
  }
  return out;
}

function emptyTable(
  ctx: StatementContext,
  schema: string,
  name: string,
  columns: ColumnDefinition[],
  temporary: boolean,
): TableEntry {
  return {
    kind: 'table',
    oid: ctx.database.newOid(),
    schema,
    name,
    columns,
    data: TableData.empty(columns.map((c) => c.type)),
    temporary,
    primaryKey: null,
    unique: [],
    checks: [],
  };
}

const DEAD_LETTER_COLUMNS: ColumnDefinition[] = [
  ['sink', Types.text],
  ['source', Types.text],
  ['origin', Types.text],
  ['payload', Types.text],
  ['error', Types.text],
  ['sqlstate', Types.text],
  ['received_at', Types.timestamptz],
].map(([name, type]) => ({
  name: name as string,
  type: type as ColumnDefinition['type'],
  notNull: false,
  default: null,
}));

function sinkTarget(stmt: CreateSinkStatement): SinkTarget {
  const what = `sink "${stmt.name}"`;
  switch (stmt.into.type) {
    case 'table':
      checkOptions(what, stmt.options, []);
      return stmt.into;
    case 'files':
      checkOptions(what, stmt.options, ['format']);
      return { type: 'files', path: stmt.into.path, format: fileFormat(what, stmt.options, '', 'parquet') };
    case 'notify':
      if (stmt.into.channel === '')
        throw new LarchError(SqlState.syntaxError, `${what}: the NOTIFY channel is empty`);
      return stmt.into;
    case 'kafka':
      kafkaSinkConfig(stmt.name, stmt.options);
      return { type: 'kafka' };
  }
}

function createSink(ctx: StatementContext, stmt: CreateSinkStatement): QueryResult {
  const what = `sink "${stmt.name}"`;
  if (findSink(ctx, stmt.name) !== undefined) {
    if (stmt.ifNotExists) return done(ctx, 'CREATE SINK');
    throw new LarchError(SqlState.duplicateObject, `${what} already exists`);
  }
  const target = sinkTarget(stmt);
  const read = relationNames(stmt.query, new Set());
  for (const call of windowCalls(stmt.query, [])) {
    const ref = columnRefName(call.args[0]);
    if (ref !== undefined) read.add(ref);
  }
  const sources = [...read].map((n) => findSource(ctx, n)).filter((s) => s !== undefined);
  if (sources.length === 0)
    throw new LarchError(SqlState.undefinedObject, `${what}: its query reads no source`, {
      hint: 'CREATE SOURCE makes one; the query reads it by name in FROM.',
    });
  // Bind the query with each source as an empty temp table, as it will run.
  const base = ctx.txn.temp;
  for (const s of sources)
    ctx.txn.put(
      emptyTable(
        ctx,
        TEMP_SCHEMA,
        s.name,
        s.columns.map((c) => ({ ...c, notNull: false, default: null })),
        true,
      ),
    );
  let columns;
  try {
    columns = ctx.binder().bindQuery(stmt.query, null, null).columns;
  } finally {
    ctx.txn.temp = base;
  }
  const models: Record<string, number> = {};
  for (const name of unpinnedModels(stmt.queryText)) {
    const model = ctx.bindContext.catalog.lookupModel?.(name);
    if (model !== undefined) models[name] = model.activeVersion;
  }
  const names = columns.map((c) => c.name);
  const window = sinkWindow(what, stmt.query, sources, names);
  if (target.type === 'table') {
    const table = findTable(ctx, target.table);
    if (table === undefined) {
      const defs = columns.map((c) => ({
        name: c.name,
        type: c.type.id === 'unknown' ? Types.text : c.type,
        notNull: false,
        default: null,
      }));
      ctx.txn.put(emptyTable(ctx, DEFAULT_SCHEMA, target.table, defs, false));
    } else {
      const missing = names.filter((n) => !table.columns.some((c) => c.name === n));
      if (missing.length > 0)
        throw new LarchError(
          SqlState.undefinedColumn,
          `${what}: table "${table.name}" has no column ${missing.map((m) => `"${m}"`).join(', ')} for the query's output`,
        );
    }
  }
  const deadLetterTable = stmt.deadLetterTable ?? `${stmt.name}_dead_letter`;
  if (findTable(ctx, deadLetterTable) === undefined)
    ctx.txn.put(emptyTable(ctx, DEFAULT_SCHEMA, deadLetterTable, DEAD_LETTER_COLUMNS, false));
  ctx.txn.put({
    kind: 'sink',
    oid: ctx.database.newOid(),
    schema: SINK_SCHEMA,
    name: stmt.name,
    target,
    options: jsonOptions(stmt.options),
    trigger: stmt.trigger ?? { kind: 'interval', ms: 0 },
    query: stmt.queryText,
    sources: sources.map((s) => s.name),
    columns: names,
    models,
    deadLetterTable,
    window,
    running: true,
    createdAt: Date.now(),
  });
  return done(ctx, 'CREATE SINK');
}

/** TUMBLE(source, col, size) / HOP(source, col, slide, size) calls in the query's FROM items. */
function windowCalls(node: unknown, out: { name: string; args: Node[] }[]): typeof out {
  if (Array.isArray(node)) for (const n of node) windowCalls(n, out);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'RangeFunction') {
        const items = bodyOf<{ items: Node[] }>(
          ((v as { functions?: Node[] }).functions ?? [])[0] ?? { List: { items: [] } },
        ).items;
        const call =
          items[0] !== undefined && tagOf(items[0]) === 'FuncCall'
            ? bodyOf<{ funcname?: Node[]; args?: Node[] }>(items[0])
            : null;
        const name = call === null ? [] : stringList(call.funcname);
        if (name.length === 1 && (name[0] === 'tumble' || name[0] === 'hop'))
          out.push({ name: name[0], args: call!.args ?? [] });
      }
      windowCalls(v, out);
    }
  }
  return out;
}

/** The name a bare column reference argument gives (its last part), or undefined. */
function columnRefName(node: Node | undefined): string | undefined {
  if (node === undefined || tagOf(node) !== 'ColumnRef') return undefined;
  return stringList(bodyOf<{ fields: Node[] }>(node).fields).at(-1);
}

/** A constant INTERVAL '…' argument in milliseconds. */
function constantIntervalMs(what: string, node: Node | undefined): number {
  const text =
    node !== undefined && tagOf(node) === 'TypeCast'
      ? (bodyOf<{ arg?: Node }>(node).arg as { A_Const?: { sval?: { sval?: string } } } | undefined)?.A_Const
          ?.sval?.sval
      : (node as { A_Const?: { sval?: { sval?: string } } } | undefined)?.A_Const?.sval?.sval;
  if (text === undefined)
    throw new LarchError(
      SqlState.featureNotSupported,
      `${what}: the window size must be a constant INTERVAL`,
    );
  return intervalSortKey(parseValue(Types.interval, text) as Interval) / 1000;
}

/** The sink's event-time window over a source with a WATERMARK, or null. */
function sinkWindow(
  what: string,
  query: Node,
  sources: readonly SourceEntry[],
  columns: readonly string[],
): SinkWindow | null {
  const calls = windowCalls(query, []);
  const windowed = calls.flatMap((c) => {
    const ref = columnRefName(c.args[0]);
    const source = sources.find((s) => s.name === ref);
    return source === undefined ? [] : [{ call: c, source }];
  });
  if (windowed.length === 0) return null;
  if (windowed.length > 1)
    throw new LarchError(SqlState.featureNotSupported, `${what}: one window per sink is supported`);
  const { call, source } = windowed[0]!;
  if (source.watermark === null)
    throw new LarchError(
      SqlState.invalidParameterValue,
      `${what}: windows over source "${source.name}" need a WATERMARK on it`,
      {
        hint: `CREATE SOURCE ${source.name} … WATERMARK FOR column AS column - INTERVAL '5 seconds'`,
      },
    );
  const time = columnRefName(call.args[1]);
  if (time !== source.watermark.column)
    throw new LarchError(
      SqlState.invalidParameterValue,
      `${what}: the window's time column must be the WATERMARK column "${source.watermark.column}"`,
    );
  if (!columns.includes('window_end'))
    throw new LarchError(
      SqlState.invalidColumnReference,
      `${what}: a windowed query must output window_end`,
      {
        hint: 'Windows are emitted when the watermark passes their end: GROUP BY window_start, window_end and select both.',
      },
    );
  return {
    source: source.name,
    column: time,
    sizeMs: constantIntervalMs(what, call.args.at(-1)),
    delayMs: source.watermark.delayMs,
  };
}

function skipped(ctx: StatementContext, what: string, tag: string): QueryResult {
  ctx.notice?.({
    severity: 'NOTICE',
    code: SqlState.undefinedObject,
    message: `${what} does not exist, skipping`,
  });
  return done(ctx, tag);
}

export function executeStreamStatement(ctx: StatementContext, stmt: StreamStatement): QueryResult {
  switch (stmt.kind) {
    case 'create_source':
      return createSource(ctx, stmt);
    case 'create_sink':
      return createSink(ctx, stmt);
    case 'drop_source': {
      if (findSource(ctx, stmt.name) === undefined) {
        if (stmt.ifExists) return skipped(ctx, `source "${stmt.name}"`, 'DROP SOURCE');
        throw new LarchError(SqlState.undefinedObject, `source "${stmt.name}" does not exist`);
      }
      const user = ctx.txn.entries().find((e) => e.kind === 'sink' && e.sources.includes(stmt.name));
      if (user !== undefined)
        throw new LarchError(
          SqlState.dependentObjectsStillExist,
          `cannot drop source "${stmt.name}" because sink "${user.name}" depends on it`,
          { hint: `DROP SINK ${user.name} first.` },
        );
      ctx.txn.remove(SOURCE_SCHEMA, stmt.name);
      return done(ctx, 'DROP SOURCE');
    }
    case 'drop_sink':
      if (findSink(ctx, stmt.name) === undefined) {
        if (stmt.ifExists) return skipped(ctx, `sink "${stmt.name}"`, 'DROP SINK');
        throw new LarchError(SqlState.undefinedObject, `sink "${stmt.name}" does not exist`);
      }
      ctx.txn.remove(SINK_SCHEMA, stmt.name);
      if (ctx.txn.lookup(SINK_PROGRESS_SCHEMA, stmt.name) !== undefined)
        ctx.txn.remove(SINK_PROGRESS_SCHEMA, stmt.name);
      return done(ctx, 'DROP SINK');
    case 'start_sink':
    case 'stop_sink':
      ctx.txn.put({ ...requireSink(ctx, stmt.name), running: stmt.kind === 'start_sink' });
      return done(ctx, stmt.kind === 'start_sink' ? 'START SINK' : 'STOP SINK');
    case 'refresh_sink_models': {
      const sink = requireSink(ctx, stmt.name);
      const models: Record<string, number> = {};
      for (const name of Object.keys(sink.models)) {
        const model = ctx.bindContext.catalog.lookupModel?.(name);
        if (model === undefined)
          throw new LarchError(
            SqlState.undefinedObject,
            `model "${name}" of sink "${sink.name}" does not exist`,
          );
        models[name] = model.activeVersion;
      }
      ctx.txn.put({ ...sink, models });
      return done(ctx, 'ALTER SINK');
    }
  }
}
