// CREATE TABLE, CREATE TABLE AS and SELECT INTO.

import type { ColumnDef, Constraint, CreateStmt, IntoClause, TypeName } from '@pgsql/types';
import {
  type CheckConstraint,
  type ColumnDefinition,
  DEFAULT_SCHEMA,
  type KeyConstraint,
  TEMP_SCHEMA,
  type TableEntry,
} from '../../catalog/catalog.js';
import { TableData } from '../../catalog/table-data.js';
import { resolveTypeName } from '../../binder/types.js';
import { bodyOf, locationOf, type PgNode, stringList, tagOf } from '../../sql/ast.js';
import { type DataType, Types } from '../../types/data-type.js';
import { LarchError, SqlState, sqlError } from '../errors.js';
import { settleParamTypes } from '../params.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import { expressionText } from './expression-text.js';
import { defaultExpr } from './table-write.js';

export interface TargetName {
  readonly schema: string;
  readonly name: string;
  readonly temporary: boolean;
}

/** Where a new relation goes: pg_temp for TEMP (or a pg_temp qualifier), else the named or default schema. */
export function targetName(
  ctx: StatementContext,
  relation: { schemaname?: string; relname?: string; relpersistence?: string; location?: number },
): TargetName {
  const temporary = relation.relpersistence === 't' || relation.schemaname === TEMP_SCHEMA;
  const schema = temporary ? TEMP_SCHEMA : (relation.schemaname ?? DEFAULT_SCHEMA);
  if (!temporary) {
    const s = ctx.txn.lookup(schema, schema);
    if (s === undefined || s.kind !== 'schema') {
      throw ctx.bindContext.error(
        SqlState.invalidSchemaName,
        `schema "${schema}" does not exist`,
        relation.location,
      );
    }
  }
  return { schema, name: relation.relname!, temporary };
}

/** Errors unless the name is free (42P07), or returns false for IF NOT EXISTS on a taken name. */
export function checkFree(
  ctx: StatementContext,
  target: TargetName,
  ifNotExists: boolean,
  location?: number,
): boolean {
  const existing = ctx.txn.lookup(target.schema, target.name);
  if (existing === undefined) return true;
  if (ifNotExists) return false;
  throw ctx.bindContext.error(SqlState.duplicateTable, `relation "${target.name}" already exists`, location);
}

const SERIAL_TYPES: Record<string, DataType> = {
  serial: Types.int4,
  serial4: Types.int4,
  bigserial: Types.int8,
  serial8: Types.int8,
  smallserial: Types.int2,
  serial2: Types.int2,
};

function columnType(ctx: StatementContext, typeName: TypeName): DataType {
  const names = stringList(typeName.names);
  const last = names[names.length - 1] ?? '';
  if (SERIAL_TYPES[last] !== undefined) {
    throw ctx.bindContext.error(
      SqlState.featureNotSupported,
      `type ${last} is not supported; use integer or bigint`,
      typeName.location,
    );
  }
  return resolveTypeName(ctx.bindContext, typeName);
}

export interface TableConstraints {
  readonly primary: string[][];
  readonly unique: string[][];
  readonly checks: CheckConstraint[];
}

export function newConstraints(): TableConstraints {
  return { primary: [], unique: [], checks: [] };
}

/** Constraint names as PostgreSQL makes them: t_pkey, t_a_b_key. */
export function keyConstraints(
  table: string,
  c: TableConstraints,
): { primaryKey: KeyConstraint | null; unique: KeyConstraint[] } {
  const primary = c.primary[0];
  return {
    primaryKey: primary === undefined ? null : { name: `${table}_pkey`, columns: primary },
    unique: c.unique.map((columns) => ({ name: `${table}_${columns.join('_')}_key`, columns })),
  };
}

export function columnDefinition(
  ctx: StatementContext,
  def: ColumnDef,
  constraints: TableConstraints,
  table: string,
): ColumnDefinition {
  const name = def.colname!;
  let notNull = def.is_not_null ?? false;
  let defaultValue: ColumnDefinition['default'] = null;
  for (const c of def.constraints ?? []) {
    const con = bodyOf<Constraint>(c);
    switch (con.contype) {
      case 'CONSTR_NOTNULL':
        notNull = true;
        break;
      case 'CONSTR_NULL':
        notNull = false;
        break;
      case 'CONSTR_DEFAULT':
        defaultValue = { ast: con.raw_expr!, text: expressionText(ctx.statement.text, con.raw_expr!) };
        break;
      case 'CONSTR_PRIMARY':
        notNull = true;
        constraints.primary.push([name]);
        break;
      case 'CONSTR_UNIQUE':
        constraints.unique.push([name]);
        break;
      case 'CONSTR_CHECK':
        constraints.checks.push({
          name: con.conname ?? `${table}_${name}_check`,
          ast: con.raw_expr!,
          text: expressionText(ctx.statement.text, con.raw_expr!),
        });
        break;
      default:
        break;
    }
  }
  return { name, type: columnType(ctx, def.typeName!), notNull, default: defaultValue };
}

/** Binds a column's DEFAULT now, so a bad one fails CREATE TABLE rather than a later INSERT. */
function checkDefault(ctx: StatementContext, column: ColumnDefinition): void {
  if (column.default === null) return;
  try {
    defaultExpr(ctx.binder(), column);
  } catch (e) {
    if (e instanceof LarchError && e.code === SqlState.undefinedColumn) {
      throw ctx.bindContext.error(
        SqlState.featureNotSupported,
        'cannot use column reference in DEFAULT expression',
        locationOf(column.default.ast),
      );
    }
    throw e;
  }
}

export async function executeCreateTable(ctx: StatementContext, stmt: CreateStmt): Promise<QueryResult> {
  const target = targetName(ctx, stmt.relation!);
  const done = new QueryResult([], [], 'CREATE TABLE', 0, ctx.evalContext.timeZone);
  if (!checkFree(ctx, target, stmt.if_not_exists ?? false, stmt.relation?.location)) return done;
  const constraints = newConstraints();
  const columns: ColumnDefinition[] = [];
  for (const element of stmt.tableElts ?? []) {
    if (tagOf(element) === 'ColumnDef') {
      const def = columnDefinition(ctx, bodyOf<ColumnDef>(element), constraints, target.name);
      if (columns.some((c) => c.name === def.name)) {
        throw ctx.bindContext.error(
          SqlState.duplicateColumn,
          `column "${def.name}" specified more than once`,
          locationOf(element),
        );
      }
      columns.push(def);
      continue;
    }
    if (tagOf(element) === 'Constraint') {
      const con = bodyOf<Constraint>(element);
      const keys = stringList(con.keys);
      if (con.contype === 'CONSTR_PRIMARY') constraints.primary.push(keys);
      else if (con.contype === 'CONSTR_UNIQUE') constraints.unique.push(keys);
      else if (con.contype === 'CONSTR_CHECK') {
        constraints.checks.push({
          name: con.conname ?? `${target.name}_check`,
          ast: con.raw_expr!,
          text: expressionText(ctx.statement.text, con.raw_expr!),
        });
      }
      continue;
    }
    throw ctx.bindContext.error(
      SqlState.featureNotSupported,
      `${tagOf(element)} in CREATE TABLE is not supported`,
      locationOf(element),
    );
  }
  if (constraints.primary.length > 1) {
    throw ctx.bindContext.error(
      SqlState.invalidTableDefinition,
      `multiple primary keys for table "${target.name}" are not allowed`,
    );
  }
  const { primaryKey, unique } = keyConstraints(target.name, constraints);
  for (const key of [...constraints.primary, ...constraints.unique]) {
    for (const k of key) {
      if (!columns.some((c) => c.name === k)) {
        throw ctx.bindContext.error(SqlState.undefinedColumn, `column "${k}" named in key does not exist`);
      }
    }
  }
  const finalColumns = columns.map((c) =>
    primaryKey?.columns.includes(c.name) ? { ...c, notNull: true } : c,
  );
  for (const c of finalColumns) checkDefault(ctx, c);
  const entry: TableEntry = {
    kind: 'table',
    oid: ctx.database.newOid(),
    schema: target.schema,
    name: target.name,
    columns: finalColumns,
    data: TableData.empty(finalColumns.map((c) => c.type)),
    temporary: target.temporary,
    primaryKey,
    unique,
    checks: constraints.checks,
  };
  ctx.txn.put(entry);
  return done;
}

interface CreateTableAs {
  readonly query: PgNode;
  readonly into: IntoClause;
  readonly ifNotExists: boolean;
  readonly withNoData?: boolean;
}

export async function createTableAs(ctx: StatementContext, stmt: CreateTableAs): Promise<QueryResult> {
  const target = targetName(ctx, stmt.into.rel!);
  if (!checkFree(ctx, target, stmt.ifNotExists, stmt.into.rel?.location)) {
    return new QueryResult([], [], 'SELECT 0', 0, ctx.evalContext.timeZone, false);
  }
  const bound = ctx.binder().bindQuery(stmt.query, null, null);
  settleParamTypes(ctx.params);
  const names = stringList(stmt.into.colNames);
  const columns: ColumnDefinition[] = bound.columns.map((c, i) => ({
    name: names[i] ?? c.name,
    type: c.type.id === 'unknown' ? Types.text : c.type,
    notNull: false,
    default: null,
  }));
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name))
      throw sqlError(SqlState.duplicateColumn, `column "${c.name}" specified more than once`);
    seen.add(c.name);
  }
  const batches = stmt.withNoData ? [] : await ctx.run(bound.plan, bound.columns);
  const data = TableData.empty(columns.map((c) => c.type)).appendAll(batches);
  ctx.txn.put({
    kind: 'table',
    oid: ctx.database.newOid(),
    schema: target.schema,
    name: target.name,
    columns,
    data,
    temporary: target.temporary,
    primaryKey: null,
    unique: [],
    checks: [],
  });
  return new QueryResult([], [], `SELECT ${data.rowCount}`, data.rowCount, ctx.evalContext.timeZone, false);
}

export function notImplementedTableOption(what: string): LarchError {
  return new LarchError(SqlState.featureNotSupported, `${what} is not supported`);
}
