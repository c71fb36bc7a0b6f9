// ALTER TABLE: ADD COLUMN, DROP COLUMN, RENAME COLUMN, RENAME TO; CREATE SCHEMA.

import type { AlterTableStmt, ColumnDef, CreateSchemaStmt, RenameStmt } from '@pgsql/types';
import type { KeyConstraint, TableEntry } from '../../catalog/catalog.js';
import { TableData } from '../../catalog/table-data.js';
import { getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import { compileExpr } from '../../physical/expr/compile.js';
import { bodyOf } from '../../sql/ast.js';
import { SqlState } from '../errors.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import { columnDefinition, keyConstraints, newConstraints } from './create-table.js';
import { checkConstraints, defaultExpr, resolveTable } from './table-write.js';

function addColumn(
  ctx: StatementContext,
  entry: TableEntry,
  def: ColumnDef,
  ifNotExists: boolean,
): TableEntry {
  if (entry.columns.some((c) => c.name === def.colname)) {
    if (ifNotExists) return entry;
    throw new QueryError(
      `column "${def.colname}" of relation "${entry.name}" already exists`,
      SqlState.duplicateColumn,
    );
  }
  const constraints = newConstraints();
  const column = columnDefinition(ctx, def, constraints, entry.name);
  const keys = keyConstraints(entry.name, constraints);
  if (entry.primaryKey !== null && keys.primaryKey !== null) {
    throw new QueryError(
      `multiple primary keys for table "${entry.name}" are not allowed`,
      SqlState.invalidTableDefinition,
    );
  }
  // Existing rows get the column's default, evaluated once per row.
  const value = compileExpr(defaultExpr(ctx.binder(), column), new Map());
  const task = ctx.taskContext();
  const chunks = entry.data.chunks.map((chunk) => {
    const v = value({ length: chunk.length, columns: [] }, task);
    const values = Array.from({ length: chunk.length }, (_, i) => getScalar(v, i));
    if (column.notNull && values.some((x) => x === null)) {
      throw new QueryError(
        `column "${column.name}" of relation "${entry.name}" contains null values`,
        SqlState.notNullViolation,
      );
    }
    return { length: chunk.length, columns: [...chunk.columns, vectorFromScalars(column.type, values)] };
  });
  const columns = [...entry.columns, column];
  const data = new TableData(
    columns.map((c) => c.type),
    chunks,
  );
  // The column's own CHECK, UNIQUE and PRIMARY KEY must already hold for the existing rows.
  const added: TableEntry = {
    ...entry,
    columns: columns.map((c) => ({ ...c, notNull: false })),
    data,
    unique: keys.unique,
    checks: constraints.checks,
    primaryKey: keys.primaryKey,
  };
  checkConstraints(ctx, added, data.chunks, TableData.empty([]), true);
  return {
    ...entry,
    columns,
    data,
    unique: [...entry.unique, ...keys.unique],
    checks: [...entry.checks, ...constraints.checks],
    primaryKey: entry.primaryKey ?? keys.primaryKey,
  };
}

function dropColumn(entry: TableEntry, name: string, missingOk: boolean): TableEntry {
  const index = entry.columns.findIndex((c) => c.name === name);
  if (index < 0) {
    if (missingOk) return entry;
    throw new QueryError(
      `column "${name}" of relation "${entry.name}" does not exist`,
      SqlState.undefinedColumn,
    );
  }
  const columns = entry.columns.filter((_, i) => i !== index);
  const chunks = entry.data.chunks.map((c) => ({
    length: c.length,
    columns: c.columns.filter((_, i) => i !== index),
  }));
  return {
    ...entry,
    columns,
    data: new TableData(
      columns.map((c) => c.type),
      chunks,
    ),
    primaryKey: entry.primaryKey?.columns.includes(name) ? null : entry.primaryKey,
    unique: entry.unique.filter((u) => !u.columns.includes(name)),
  };
}

class QueryError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export async function executeAlterTable(ctx: StatementContext, stmt: AlterTableStmt): Promise<QueryResult> {
  const rel = stmt.relation!;
  const found = ctx.txn.lookupRelation(rel.schemaname ?? null, rel.relname!);
  if (found === undefined && stmt.missing_ok)
    return new QueryResult([], [], 'ALTER TABLE', 0, ctx.evalContext.timeZone);
  let entry = resolveTable(ctx, rel);
  try {
    for (const c of stmt.cmds ?? []) {
      const cmd = bodyOf<{ subtype: string; name?: string; def?: unknown; missing_ok?: boolean }>(c);
      switch (cmd.subtype) {
        case 'AT_AddColumn':
          entry = addColumn(ctx, entry, bodyOf<ColumnDef>(cmd.def as never), cmd.missing_ok ?? false);
          break;
        case 'AT_DropColumn':
          entry = dropColumn(entry, cmd.name!, cmd.missing_ok ?? false);
          break;
        default:
          throw new QueryError(
            `ALTER TABLE ${cmd.subtype.replace('AT_', '')} is not supported`,
            SqlState.featureNotSupported,
          );
      }
    }
  } catch (e) {
    if (e instanceof QueryError) throw ctx.bindContext.error(e.code, e.message, rel.location);
    throw e;
  }
  ctx.txn.put(entry);
  return new QueryResult([], [], 'ALTER TABLE', 0, ctx.evalContext.timeZone);
}

export async function executeRename(ctx: StatementContext, stmt: RenameStmt): Promise<QueryResult> {
  const rel = stmt.relation!;
  const entry = ctx.txn.lookupRelation(rel.schemaname ?? null, rel.relname!);
  if (entry === undefined) {
    if (stmt.missing_ok) return new QueryResult([], [], 'ALTER TABLE', 0, ctx.evalContext.timeZone);
    throw ctx.bindContext.error(
      SqlState.undefinedTable,
      `relation "${rel.relname}" does not exist`,
      rel.location,
    );
  }
  const newName = stmt.newname!;
  if (stmt.renameType === 'OBJECT_COLUMN') {
    if (entry.kind !== 'table')
      throw ctx.bindContext.error(SqlState.wrongObjectType, `"${entry.name}" is not a table`, rel.location);
    const index = entry.columns.findIndex((c) => c.name === stmt.subname);
    if (index < 0)
      throw ctx.bindContext.error(
        SqlState.undefinedColumn,
        `column "${stmt.subname}" does not exist`,
        rel.location,
      );
    if (entry.columns.some((c) => c.name === newName)) {
      throw ctx.bindContext.error(
        SqlState.duplicateColumn,
        `column "${newName}" of relation "${entry.name}" already exists`,
        rel.location,
      );
    }
    const columns = entry.columns.map((c, i) => (i === index ? { ...c, name: newName } : c));
    const rename = (k: KeyConstraint): KeyConstraint => ({
      ...k,
      columns: k.columns.map((x) => (x === stmt.subname ? newName : x)),
    });
    ctx.txn.put({
      ...entry,
      columns,
      primaryKey: entry.primaryKey && rename(entry.primaryKey),
      unique: entry.unique.map(rename),
    });
    return new QueryResult([], [], 'ALTER TABLE', 0, ctx.evalContext.timeZone);
  }
  if (ctx.txn.lookup(entry.schema, newName) !== undefined) {
    throw ctx.bindContext.error(
      SqlState.duplicateTable,
      `relation "${newName}" already exists`,
      rel.location,
    );
  }
  ctx.txn.remove(entry.schema, entry.name);
  ctx.txn.put({ ...entry, name: newName });
  return new QueryResult(
    [],
    [],
    entry.kind === 'view' ? 'ALTER VIEW' : 'ALTER TABLE',
    0,
    ctx.evalContext.timeZone,
  );
}

export async function executeCreateSchema(
  ctx: StatementContext,
  stmt: CreateSchemaStmt,
): Promise<QueryResult> {
  const name = stmt.schemaname!;
  if (ctx.txn.lookup(name, name) !== undefined) {
    if (stmt.if_not_exists) return new QueryResult([], [], 'CREATE SCHEMA', 0, ctx.evalContext.timeZone);
    throw ctx.bindContext.error(SqlState.duplicateSchema, `schema "${name}" already exists`);
  }
  ctx.txn.put({ kind: 'schema', oid: ctx.database.newOid(), schema: name, name });
  return new QueryResult([], [], 'CREATE SCHEMA', 0, ctx.evalContext.timeZone);
}
