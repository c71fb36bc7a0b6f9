// PREPARE name [(types)] AS statement, and EXECUTE name [(values)]: SQL-level prepared statements,
// kept with the protocol-level ones in the session (DEALLOCATE removes either kind). EXECUTE's
// values are evaluated like a SELECT list and passed as parameters in their text form, so each is
// converted to its parameter's type as a literal would be.

import type { Node, TypeName } from '@pgsql/types';
import { resolveTypeName } from '../binder/types.js';
import { getScalar } from '../columnar/vector-ops.js';
import { bodyOf } from '../sql/ast.js';
import type { PgNode, Statement } from '../sql/parser.js';
import type { DataType } from '../types/data-type.js';
import { formatValue } from '../types/text-format.js';
import { LarchError, SqlState } from './errors.js';
import { checkResultType } from './prepared.js';
import { QueryResult } from './result.js';
import type { Session } from './session.js';
import { UTC } from '../types/datetime.js';

function empty(tag: string): QueryResult {
  return new QueryResult([], [], tag, 0, UTC);
}

/** A statement run only for its context (type names resolved against the catalog). */
const CONTEXT_ONLY: Statement = { kind: 'pg', ast: { SelectStmt: {} } as PgNode, text: '', offset: 0 };

export async function executePrepare(session: Session, stmt: Statement): Promise<QueryResult> {
  const p = bodyOf<{ name: string; argtypes?: Node[]; query: Node }>(stmt.ast);
  if (session.prepared.has(p.name))
    throw new LarchError(
      SqlState.duplicatePreparedStatement,
      `prepared statement "${p.name}" already exists`,
    );
  let types: DataType[] = [];
  await session.executeStatement(CONTEXT_ONLY, [], {}, undefined, async (ctx) => {
    types = (p.argtypes ?? []).map((t) => resolveTypeName(ctx.bindContext, bodyOf<TypeName>(t)));
    return empty('');
  });
  const inner: Statement = { kind: 'pg', ast: p.query, text: stmt.text, offset: stmt.offset };
  const prepared = await session.prepareParsed(inner, stmt.text, types);
  session.prepared.set(p.name, { ...prepared, fromSql: true });
  return empty('PREPARE');
}

export async function executeExecute(session: Session, stmt: Statement): Promise<QueryResult> {
  const e = bodyOf<{ name: string; params?: Node[] }>(stmt.ast);
  const prepared = session.prepared.get(e.name);
  if (prepared === undefined)
    throw new LarchError(SqlState.invalidSqlStatementName, `prepared statement "${e.name}" does not exist`);
  const params = e.params ?? [];
  if (params.length !== prepared.paramTypes.length)
    throw new LarchError(
      SqlState.syntaxError,
      `wrong number of parameters for prepared statement "${e.name}"`,
      {
        detail: `Expected ${prepared.paramTypes.length} parameters but got ${params.length}.`,
      },
    );
  if (prepared.statement === null) return empty('');
  // EXECUTE runs through dispatch, not the plan cache: each execution is planned afresh (custom).
  prepared.plans.custom++;
  let values: (string | null)[] = [];
  if (params.length > 0) {
    const select = {
      kind: 'pg',
      ast: { SelectStmt: { targetList: params.map((val) => ({ ResTarget: { val } })) } } as PgNode,
      text: stmt.text,
      offset: stmt.offset,
    } as Statement;
    const r = await session.executeStatement(select, [], {});
    const row = r.batches.find((b) => b.length > 0)!;
    values = r.schema.map((c, i) => {
      const v = getScalar(row.columns[i]!, 0);
      return v === null ? null : formatValue(c.type, v, { timeZone: r.timeZone });
    });
  }
  const slots = prepared.paramTypes.map((type) => ({ type, hint: undefined, hasHint: false }));
  const result = await session.executeStatement(prepared.statement, values, {}, slots);
  if (prepared.columns !== null) checkResultType(result.schema, prepared.columns);
  return result;
}
