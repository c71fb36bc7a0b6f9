// CREATE [UNIQUE] INDEX and DROP INDEX. Scans are columnar, so an index is metadata for clients and,
// when unique, a constraint checked on every write.

import type { DropStmt, IndexStmt } from '@pgsql/types';
import type { IndexEntry, TableEntry } from '../../catalog/catalog.js';
import { bodyOf, type PgNode, stringList, tagOf } from '../../sql/ast.js';
import { LarchError, SqlState } from '../errors.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import { checkConstraints, resolveTable } from './table-write.js';
import { TableData } from '../../catalog/table-data.js';

export async function executeCreateIndex(ctx: StatementContext, stmt: IndexStmt): Promise<QueryResult> {
  const table = resolveTable(ctx, stmt.relation!);
  const columns = (stmt.indexParams ?? []).map((p) => {
    const e = bodyOf<{ name?: string; expr?: PgNode }>(p);
    if (e.name === undefined)
      throw new LarchError(SqlState.featureNotSupported, 'indexes on expressions are not supported');
    if (!table.columns.some((c) => c.name === e.name)) {
      throw new LarchError(SqlState.undefinedColumn, `column "${e.name}" does not exist`);
    }
    return e.name;
  });
  const name = stmt.idxname ?? `${table.name}_${columns.join('_')}_idx`;
  const done = new QueryResult([], [], 'CREATE INDEX', 0, ctx.evalContext.timeZone);
  if (ctx.txn.lookup(table.schema, name) !== undefined) {
    if (stmt.if_not_exists) return done;
    throw new LarchError(SqlState.duplicateTable, `relation "${name}" already exists`);
  }
  const index: IndexEntry = {
    kind: 'index',
    oid: ctx.database.newOid(),
    schema: table.schema,
    name,
    table: table.name,
    columns,
    unique: stmt.unique ?? false,
  };
  if (index.unique) {
    const withKey: TableEntry = { ...table, unique: [...table.unique, { name, columns }] };
    try {
      checkConstraints(
        ctx,
        { ...withKey, checks: [], columns: withKey.columns.map((c) => ({ ...c, notNull: false })) },
        table.data.chunks,
        TableData.empty(table.columns.map((c) => c.type)),
      );
    } catch (e) {
      if (e instanceof LarchError && e.code === SqlState.uniqueViolation) {
        throw new LarchError(SqlState.uniqueViolation, `could not create unique index "${name}"`, {
          detail: e.detail?.replace('already exists', 'is duplicated'),
        });
      }
      throw e;
    }
    ctx.txn.put(withKey);
  }
  ctx.txn.put(index);
  return done;
}

export async function executeDropIndex(ctx: StatementContext, stmt: DropStmt): Promise<QueryResult> {
  for (const obj of stmt.objects ?? []) {
    const parts = tagOf(obj) === 'List' ? stringList(bodyOf<{ items: PgNode[] }>(obj).items) : [];
    const name = parts[parts.length - 1]!;
    const entry = ctx.txn.entries().find((e) => e.kind === 'index' && e.name === name) as
      IndexEntry | undefined;
    if (entry === undefined) {
      if (stmt.missing_ok) continue;
      throw new LarchError(SqlState.undefinedObject, `index "${name}" does not exist`);
    }
    ctx.txn.remove(entry.schema, entry.name);
    const table = ctx.txn.lookup(entry.schema, entry.table);
    if (table?.kind === 'table' && entry.unique)
      ctx.txn.put({ ...table, unique: table.unique.filter((u) => u.name !== entry.name) });
  }
  return new QueryResult([], [], 'DROP INDEX', 0, ctx.evalContext.timeZone);
}
