// CREATE [OR REPLACE] [TEMP] VIEW: the query is stored as text and bound whenever the view is used.

import type { ViewStmt } from '@pgsql/types';
import type { ViewEntry } from '../../catalog/catalog.js';
import { visitPlanAndCtes } from '../../logical/plan.js';
import { locationOf, stringList } from '../../sql/ast.js';
import { splitStatements } from '../../sql/split.js';
import { typeName, Types, typesEqual } from '../../types/data-type.js';
import { SqlState } from '../errors.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import { targetName } from './create-table.js';

/** The SELECT text of a CREATE VIEW statement: everything after the top-level AS. */
function viewQueryText(sql: string, queryLocation: number | undefined): string {
  const text = sql.trim();
  const pattern = /\bAS\s*(\(|\bSELECT\b|\bWITH\b|\bVALUES\b|\bTABLE\b)/gi;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") inString = !inString;
    if (inString) continue;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && (c === 'a' || c === 'A')) {
      pattern.lastIndex = i;
      const m = pattern.exec(text);
      if (m !== null && m.index === i && (queryLocation === undefined || i < queryLocation)) {
        return text
          .slice(i + 2)
          .trim()
          .replace(/;\s*$/, '');
      }
    }
  }
  return text;
}

export async function executeCreateView(ctx: StatementContext, stmt: ViewStmt): Promise<QueryResult> {
  const target = targetName(ctx, stmt.view!);
  const existing = ctx.txn.lookup(target.schema, target.name);
  if (existing !== undefined && !(stmt.replace && existing.kind === 'view')) {
    if (existing.kind !== 'view' && stmt.replace) {
      throw ctx.bindContext.error(
        SqlState.wrongObjectType,
        `"${target.name}" is not a view`,
        stmt.view?.location,
      );
    }
    throw ctx.bindContext.error(
      SqlState.duplicateTable,
      `relation "${target.name}" already exists`,
      stmt.view?.location,
    );
  }
  const query = viewQueryText(ctx.statement.text, locationOf(stmt.query));
  const [piece] = splitStatements(query);
  if (piece === undefined) throw ctx.bindContext.error(SqlState.syntaxError, 'CREATE VIEW needs a query');
  const bound = ctx.binder().bindQuery(stmt.query!, null, null);
  const aliases = stringList(stmt.aliases);
  if (aliases.length > bound.columns.length) {
    throw ctx.bindContext.error(SqlState.syntaxError, 'CREATE VIEW specifies more column names than columns');
  }
  const names = bound.columns.map((c, i) => aliases[i] ?? c.name);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n))
      throw ctx.bindContext.error(SqlState.duplicateColumn, `column "${n}" specified more than once`);
    seen.add(n);
  }
  const columnTypes = bound.columns.map((c) => (c.type.id === 'unknown' ? Types.text : c.type));
  if (existing !== undefined && existing.kind === 'view') {
    // OR REPLACE may add columns at the end but not drop or change existing ones.
    if (names.length < existing.columnNames.length) {
      throw ctx.bindContext.error(SqlState.invalidTableDefinition, 'cannot drop columns from view');
    }
    existing.columnNames.forEach((n, i) => {
      if (names[i] !== n) {
        throw ctx.bindContext.error(
          SqlState.invalidTableDefinition,
          `cannot change name of view column "${n}" to "${names[i] ?? ''}"`,
          undefined,
          { hint: 'Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.' },
        );
      }
      const before = existing.columnTypes[i]!;
      const after = columnTypes[i]!;
      if (!typesEqual(before, after)) {
        throw ctx.bindContext.error(
          SqlState.invalidTableDefinition,
          `cannot change data type of view column "${n}" from ${typeName(before)} to ${typeName(after)}`,
        );
      }
    });
  }
  const dependsOn = new Set<string>();
  visitPlanAndCtes(bound.plan, (p) => {
    if (p.kind === 'scan') dependsOn.add(p.source.name);
  });
  const entry: ViewEntry = {
    kind: 'view',
    oid: existing?.oid ?? ctx.database.newOid(),
    schema: target.schema,
    name: target.name,
    query,
    columnNames: names,
    columnTypes,
    temporary: target.temporary,
  };
  ctx.txn.put(entry);
  return new QueryResult([], [], 'CREATE VIEW', 0, ctx.evalContext.timeZone);
}
