// DROP TABLE | VIEW | SCHEMA [IF EXISTS] … [CASCADE | RESTRICT] and TRUNCATE.

import type { DropStmt, TruncateStmt } from '@pgsql/types';
import { type CatalogEntry, DEFAULT_SCHEMA, TEMP_SCHEMA } from '../../catalog/catalog.js';
import { parseSql } from '../../sql/parser.js';
import { bodyOf, type PgNode, stringList, tagOf } from '../../sql/ast.js';
import { LarchError, SqlState } from '../errors.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import { resolveTable } from './table-write.js';
import { TableData } from '../../catalog/table-data.js';

const KIND_NAMES: Record<string, { kind: CatalogEntry['kind']; word: string; tag: string }> = {
  OBJECT_TABLE: { kind: 'table', word: 'table', tag: 'DROP TABLE' },
  OBJECT_VIEW: { kind: 'view', word: 'view', tag: 'DROP VIEW' },
  OBJECT_SCHEMA: { kind: 'schema', word: 'schema', tag: 'DROP SCHEMA' },
};

/** Relation names a view's query reads (by parsing its text). */
export function viewDependencies(query: string): Set<string> {
  const names = new Set<string>();
  const visit = (x: unknown) => {
    if (x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      x.forEach(visit);
      return;
    }
    const rec = x as Record<string, unknown>;
    const rv = rec.RangeVar as { relname?: string } | undefined;
    if (rv?.relname !== undefined) names.add(rv.relname);
    Object.values(rec).forEach(visit);
  };
  try {
    visit(parseSql(query).map((s) => s.ast));
  } catch {
    // A view that no longer parses depends on nothing we can name.
  }
  return names;
}

function dependents(ctx: StatementContext, entry: CatalogEntry): CatalogEntry[] {
  if (entry.kind === 'schema')
    return ctx.txn.entries().filter((e) => e.schema === entry.name && e.kind !== 'schema');
  return ctx.txn
    .entries()
    .filter(
      (e) =>
        (e.kind === 'view' && e !== entry && viewDependencies(e.query).has(entry.name)) ||
        (e.kind === 'index' && entry.kind === 'table' && e.table === entry.name),
    );
}

function names(node: PgNode): string[] {
  if (tagOf(node) === 'List') return stringList(bodyOf<{ items: PgNode[] }>(node).items);
  if (tagOf(node) === 'String') return [bodyOf<{ sval: string }>(node).sval];
  return [];
}

export async function executeDrop(ctx: StatementContext, stmt: DropStmt): Promise<QueryResult> {
  const what = KIND_NAMES[stmt.removeType ?? ''];
  if (what === undefined)
    throw new LarchError(
      SqlState.featureNotSupported,
      `DROP ${String(stmt.removeType).replace('OBJECT_', '')} is not supported`,
    );
  const cascade = stmt.behavior === 'DROP_CASCADE';
  const result = new QueryResult([], [], what.tag, 0, ctx.evalContext.timeZone);
  // Every name is looked up before anything is dropped, so a missing one fails the whole statement first.
  const found: CatalogEntry[] = [];
  for (const obj of stmt.objects ?? []) {
    const parts = names(obj);
    const name = parts[parts.length - 1]!;
    const schema = parts.length > 1 ? parts[parts.length - 2]! : null;
    const entry =
      what.kind === 'schema'
        ? ctx.txn.lookup(name, name)
        : schema === null
          ? (ctx.txn.lookup(TEMP_SCHEMA, name) ?? ctx.txn.lookup(DEFAULT_SCHEMA, name))
          : ctx.txn.lookup(schema, name);
    if (entry === undefined || (entry.kind !== what.kind && what.kind !== 'schema')) {
      if (entry !== undefined && entry.kind !== what.kind) {
        throw new LarchError(SqlState.wrongObjectType, `"${name}" is not a ${what.word}`, {
          hint: `Use DROP ${entry.kind.toUpperCase()} to remove a ${entry.kind}.`,
        });
      }
      if (stmt.missing_ok) continue;
      const display = what.kind === 'schema' ? `schema "${name}"` : `${what.word} "${name}"`;
      throw new LarchError(
        what.kind === 'schema' ? SqlState.undefinedSchema : SqlState.undefinedTable,
        `${display} does not exist`,
      );
    }
    found.push(entry);
  }
  const done = new Set<CatalogEntry>();
  const named = new Set(found);
  for (const entry of found) dropEntry(ctx, entry, cascade, done, named);
  return result;
}

function dropEntry(
  ctx: StatementContext,
  entry: CatalogEntry,
  cascade: boolean,
  done: Set<CatalogEntry>,
  named: ReadonlySet<CatalogEntry>,
): void {
  if (done.has(entry)) return;
  done.add(entry);
  const deps = dependents(ctx, entry);
  // Dependents the same statement drops do not block (DROP VIEW v, v_on_v).
  const blocking = deps.filter((d) => d.kind !== 'index' && !named.has(d));
  if (blocking.length > 0 && !cascade) {
    throw new LarchError(
      SqlState.dependentObjectsStillExist,
      `cannot drop ${entry.kind} ${entry.name} because other objects depend on it`,
      {
        detail: blocking.map((d) => `${d.kind} ${d.name} depends on ${entry.kind} ${entry.name}`).join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      },
    );
  }
  for (const d of deps) dropEntry(ctx, d, cascade || d.kind === 'index', done, named);
  ctx.txn.remove(entry.schema, entry.name);
}

export async function executeTruncate(ctx: StatementContext, stmt: TruncateStmt): Promise<QueryResult> {
  for (const rel of stmt.relations ?? []) {
    const entry = resolveTable(ctx, bodyOf(rel));
    ctx.txn.put({ ...entry, data: TableData.empty(entry.columns.map((c) => c.type)) });
  }
  return new QueryResult([], [], 'TRUNCATE TABLE', 0, ctx.evalContext.timeZone);
}
